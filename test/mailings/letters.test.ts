/**
 * The parts of a mailing that need no database: template checks, escaping, the notice list's
 * CSV and the `.eml` notices. Campaign runs are in campaigns.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import type { AudienceCustomer } from '../../subgraphs/mailings/audience/sales-audience.js';
import { addressLinesOf } from '../../subgraphs/mailings/letters/address-lines.js';
import { SAMPLE_CUSTOMER } from '../../subgraphs/mailings/letters/letter-fields.js';
import { checkTemplate } from '../../subgraphs/mailings/letters/letter-templates.js';
import { parseLetterTemplate, renderLetter } from '../../subgraphs/mailings/letters/render-letter.js';
import { TemplateRenderer } from '../../subgraphs/mailings/letters/template-renderer.js';
import { DOUBLING_CAPTURES, LONG_LOOP, NESTED_OUTPUT } from '../support/hostile-templates.js';
import nodemailer from 'nodemailer';
import { composeNoticeEml, emlNoticeMailer, noticeMessage } from '../../subgraphs/mailings/notices/notice-email.js';
import { noticeListCsv } from '../../subgraphs/mailings/notices/notice-list.js';

const renderer = new TemplateRenderer();
afterAll(() => renderer.close());

async function refusal(input: { name?: string; subject?: string; body?: string }): Promise<GraphQLError> {
  try {
    await checkTemplate({ name: 'T', subject: 'Subject', body: 'Body', ...input }, renderer);
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('the template was accepted');
}


describe('template validation', () => {
  it('accepts the known fields, list indexes and loops, and lists the fields used', async () => {
    const checked = await checkTemplate({
      name: 'Ok',
      subject: '{{ contract.number }}',
      body: '{{ customer.name | upcase }} {{ address.lines[0] }} {{ address.lines.size }} {% for line in address.lines %}{{ line }}{% endfor %} {{ today | date: "%d/%m/%Y" }}',
    }, renderer);
    expect(checked.fields).toEqual(['address.lines', 'contract.number', 'customer.name', 'today']);
  });

  it.each([
    ['an unknown field', { body: 'Dear {{ customer.nmae }}' }, 'input.body', 'customer.nmae'],
    ['an unknown root', { subject: '{{ secret }}' }, 'input.subject', 'secret'],
    ['a path below a field', { body: '{{ customer.name.first }}' }, 'input.body', 'customer.name.first'],
    ['an unknown field in a condition', { body: '{% if billing.debt %}x{% endif %}' }, 'input.body', 'billing.debt'],
  ])('refuses %s, naming it', async (_case, input, field, unknownField) => {
    const error = await refusal(input);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, unknownField });
    expect(error.message).toContain(`"${unknownField}"`);
  });

  it.each([
    ['a filter Liquid does not have', { body: '{{ customer.name | shout }}' }, 'input.body', /undefined filter: shout/],
    ['broken syntax', { body: '{{ customer.name ' }, 'input.body', /not closed/],
    ['reading a file', { body: "{% include '/etc/passwd' %}" }, 'input.body', /cannot be rendered/],
    ['a runaway loop', { body: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }, 'input.body', /cannot be rendered: rendering makes more than 2,000,000 characters or list items/],
    ['captures doubling themselves (9 KB)', { body: DOUBLING_CAPTURES }, 'input.body', /cannot be rendered: rendering makes more than 2,000,000 characters/],
    ['nested loops writing out too much', { body: NESTED_OUTPUT }, 'input.body', /cannot be rendered: the output exceeds the limit of 30,000 characters/],
    ['a subject too long once rendered', { subject: '{% for i in (1..200) %}{{ customer.name }}{% endfor %}' }, 'input.subject', /the output exceeds the limit of 1,000 characters/],
    ['a loop running past the time limit', { body: LONG_LOOP }, 'input.body', /cannot be rendered: rendering took longer than 1 s/],
    ['an empty subject', { subject: '  ' }, 'input.subject', /must not be empty/],
    ['NUL', { body: 'a\u0000b' }, 'input.body', /NUL/],
  ])('refuses %s', async (_case, input, field, message) => {
    const error = await refusal(input);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(message);
  });
});

describe('the render worker', () => {
  it('stops a worker stuck on one letter past the time limit, fails that letter with the reason, and renders the others', async () => {
    // liquidjs's own limit set far off, so that only the worker's time limit can stop the loop.
    const stalling = new TemplateRenderer({ limits: { renderMs: 600_000 }, letterTimeLimitMs: 200 });
    try {
      const other = { ...SAMPLE_CUSTOMER, id: '00000000-0000-4000-8000-000000000001', legalName: 'Altra S.r.l.' };
      const [first, stuck, last] = await stalling.render({
        template: { subject: 'Per {{ customer.name }}', body: `{% if customer.name == "Altra S.r.l." %}${LONG_LOOP}{% endif %}Gentile {{ customer.name }}` },
        letters: [SAMPLE_CUSTOMER, other, SAMPLE_CUSTOMER].map((customer) => ({ customer, billing: null })),
        campaign: { name: 'C', expectedDelivery: '2026-12-01' },
        today: '2026-11-28',
      });
      expect(stuck).toEqual({ failedPart: 'body', reason: 'rendering took longer than 0.2 s' });
      expect(first).toMatchObject({ letter: { body: 'Gentile Esempio S.r.l.' } });
      expect(last).toEqual(first);
    } finally {
      stalling.close();
    }
  });

  it('stops trying a request once the letters have failed the given number of times in a row', async () => {
    const result = await renderer.render({
      template: { subject: 'S', body: NESTED_OUTPUT },
      letters: Array.from({ length: 5 }, () => ({ customer: SAMPLE_CUSTOMER, billing: null })),
      campaign: { name: 'C', expectedDelivery: '2026-12-01' },
      today: '2026-11-28',
      stopAfterFailures: 2,
    });
    expect(result.map((outcome) => (outcome ? 'reason' in outcome : null))).toEqual([true, true, null, null, null]);
  });
});

describe('escaping', () => {
  const hostile: AudienceCustomer = {
    ...SAMPLE_CUSTOMER,
    legalName: 'Rossi & Figli <b>srl</b>\n{{ customer.id }}\u202E',
    postalAddress: { ...SAMPLE_CUSTOMER.postalAddress!, recipient: 'Riga uno\nRiga due' },
  };
  const template = parseLetterTemplate({ subject: 'Per {{ customer.name }}', body: 'Gentile {{ recipient.name }},\n\n{{ customer.name }}' });
  const outcome = renderLetter(template, hostile, null, { name: 'C', expectedDelivery: '2026-12-01' }, '2026-11-28');
  const letter = 'letter' in outcome ? outcome.letter : { subject: outcome.reason, body: '' };

  it('prints a value as written, on one line: no template inside it runs, no line break or direction change gets in', () => {
    expect(letter.subject).toBe('Per Rossi & Figli <b>srl</b> {{ customer.id }}');
    expect(letter.body).toBe('Gentile Riga uno Riga due,\n\nRossi & Figli <b>srl</b> {{ customer.id }}');
  });

  it('escapes HTML in the notice e-mail\'s HTML part, and keeps the text part as written', () => {
    const message = noticeMessage({ campaignId: 'c', customerId: 'k', name: 'Rossi & Figli <b>srl</b>', email: 'a@b.example', expectedDelivery: '2026-12-01', senderName: 'Integra' }, 'x@y.example');
    expect(message.html).toContain('Gentile Rossi &amp; Figli &lt;b&gt;srl&lt;/b&gt;,');
    expect(message.text).toContain('Gentile Rossi & Figli <b>srl</b>,');
  });
});

describe('the notice list (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, ends lines with CRLF, starts with a header and a UTF-8 BOM', async () => {
    const csv = await noticeListCsv([
      { customerId: 'a1', name: 'Rossi, Bianchi & C.', email: 'a@x.example', expectedDelivery: '2026-12-01' },
      { customerId: 'a2', name: 'Il "Faro" s.r.l.', email: 'b@x.example', expectedDelivery: '2026-12-01' },
      { customerId: 'a3', name: 'Riga uno\nRiga due', email: 'c@x.example', expectedDelivery: '2026-12-01' },
      { customerId: 'a4', name: 'Società Àèìòù', email: 'd@x.example', expectedDelivery: '2026-12-01' },
    ]);
    expect(csv).toBe(
      '\uFEFFcustomer_id,name,email,expected_delivery\r\n' +
        'a1,"Rossi, Bianchi & C.",a@x.example,2026-12-01\r\n' +
        'a2,"Il ""Faro"" s.r.l.",b@x.example,2026-12-01\r\n' +
        'a3,"Riga uno\nRiga due",c@x.example,2026-12-01\r\n' +
        'a4,Società Àèìòù,d@x.example,2026-12-01\r\n',
    );
  });
});

describe('notices as .eml files', () => {
  it('writes one file per customer, written again (not added) when sent twice', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'integra-eml-'));
    const mailer = emlNoticeMailer(folder, 'Integra <avvisi@integra.example>');
    const notice = { campaignId: 'camp', customerId: 'cust', name: 'Rossi', email: 'rossi@x.example', expectedDelivery: '2026-12-01', senderName: 'Integra' };
    await mailer.send(notice);
    await mailer.send(notice);
    mailer.close();
    expect(readdirSync(folder)).toEqual(['cust.eml']);
    const eml = readFileSync(path.join(folder, 'cust.eml'), 'utf8');
    expect(eml).toContain('To: rossi@x.example\r\n');
    expect(eml).toContain('Message-ID: <camp.cust@mailings.integra>');
  });

  it('writes the message nodemailer would (but for its date and boundary): encoded subject, long lines folded, non-ASCII addresses', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    const from = 'Integra S.p.A. <avvisi@integra.example>';
    const comparable = (message: string) => message.replace(/^Date: .*\r\n/m, '').replaceAll(/--_NmP-[0-9a-f]+-Part_1/g, 'BOUNDARY');
    const fixed = new Map();
    const notices = [
      { name: 'Società Rossi & Figli <b>srl</b>, a name long enough to need a soft line break in quoted-printable', email: 'rossi@x.example' },
      { name: 'Müller', email: 'müller@exämple.de' },
      { name: 'Quoted', email: '"odd, name"@x.example' },
    ].map((customer, index) => ({ campaignId: 'camp', customerId: `cust${index}`, expectedDelivery: '2026-12-01', senderName: 'Integra S.p.A.', ...customer }));
    for (const notice of notices) {
      const { message } = (await transport.sendMail(noticeMessage(notice, from))) as { message: Buffer };
      const composed = composeNoticeEml(notice, from, fixed);
      expect(composed).toMatch(/^Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000\r\n/m);
      expect(comparable(composed)).toBe(comparable(message.toString()));
    }
  });
});

describe('address lines', () => {
  it('adds the country in capitals for a letter abroad and leaves out empty lines', () => {
    const address = { recipient: 'Müller GmbH', attention: null, street: 'Hauptstraße 1', street2: null, postalCode: '10115', city: 'Berlin', province: null, country: 'DE' };
    expect(addressLinesOf(address)).toEqual(['Müller GmbH', 'Hauptstraße 1', '10115 Berlin', 'GERMANY']);
  });
});
