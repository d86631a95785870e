/**
 * The notice e-mail: "a letter is on its way". Built and sent with nodemailer, a well-kept
 * mail library (MIME, encodings, SMTP with TLS and pooling): through an SMTP server when
 * MAILINGS_SMTP_URL is set, otherwise written as one `.eml` file per customer for whoever
 * sends them. Each message has a Message-ID made from the campaign and the customer, so a
 * notice sent again after a crash is recognisably the same message.
 *
 * The `.eml` path builds each message from nodemailer's own parts (MimeNode for the headers,
 * its quoted-printable encoder for the bodies) instead of a whole sendMail per message: the
 * same RFC 5322/MIME output, without the streams and plugins that made 100,000 notices
 * take minutes.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import MimeNode from 'nodemailer/lib/mime-node';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';
import { htmlLiquid, printLiquid } from '../letters/liquid.js';

export interface Notice {
  campaignId: string;
  customerId: string;
  name: string;
  email: string;
  expectedDelivery: string;
  senderName: string;
}

export interface NoticeMailer {
  /** Sends (or writes) one notice; resolves once it is handed over. */
  send(notice: Notice): Promise<void>;
  close(): void;
  /** How many notices it takes at once: a few SMTP connections, many small file writes. */
  readonly concurrency: number;
  /**
   * How many notices are marked sent together. A crash between handing a batch over and
   * marking it repeats that batch: for e-mails sent, duplicates in customers' inboxes, so a
   * small batch; for files written, the same files written again, so a large one (each
   * batch's mark is a commit).
   */
  readonly batchSize: number;
}

const SUBJECT = printLiquid.parse('{{ sender }}: una lettera è in arrivo');
const TEXT = printLiquid.parse(`Gentile {{ name }},

le abbiamo spedito una lettera per posta. Dovrebbe arrivare entro il {{ expected_delivery }}.

Cordiali saluti,
{{ sender }}
`);
const HTML = htmlLiquid.parse(`<p>Gentile {{ name }},</p>
<p>le abbiamo spedito una lettera per posta. Dovrebbe arrivare entro il <strong>{{ expected_delivery }}</strong>.</p>
<p>Cordiali saluti,<br>{{ sender }}</p>
`);

export function noticeMessage(notice: Notice, from: string): SendMailOptions {
  const context = { name: notice.name, expected_delivery: notice.expectedDelivery, sender: notice.senderName };
  return {
    from,
    to: notice.email,
    subject: printLiquid.renderSync(SUBJECT, context),
    text: printLiquid.renderSync(TEXT, context),
    html: htmlLiquid.renderSync(HTML, context),
    messageId: `<${notice.campaignId}.${notice.customerId}@mailings.integra>`,
    headers: { 'X-Integra-Campaign': notice.campaignId },
  };
}

export function smtpNoticeMailer(smtpUrl: string, from: string): NoticeMailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(notice) {
      await transport.sendMail(noticeMessage(notice, from));
    },
    close: () => transport.close(),
    concurrency: 8,
    batchSize: 200,
  };
}

const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;

interface FixedHeaders {
  from: string;
  subject: string;
}

/** Header lines (folded ones kept whole) by name, from a block nodemailer built. */
function headerLines(block: string): Map<string, string> {
  return new Map(block.split(/\r\n(?![ \t])/).map((line) => [line.slice(0, line.indexOf(':')), line]));
}

/**
 * The message as RFC 5322 text with CRLF line ends, as nodemailer's stream transport writes it.
 * From and Subject are the same for every notice of a campaign: `fixed` keeps them as
 * nodemailer encoded them for the first one. A plain ASCII address needs no encoding; any
 * other goes through nodemailer's MimeNode.
 */
export function composeNoticeEml(notice: Notice, from: string, fixed?: Map<string, FixedHeaders>): string {
  const message = noticeMessage(notice, from);
  const body = (contentType: string, content: string) =>
    `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${wrapQuotedPrintable(quotedPrintable(content), 76).replace(/\r?\n/g, '\r\n')}`;
  const parts = [body('text/plain; charset=utf-8', message.text as string), body('text/html; charset=utf-8', message.html as string)];
  let known = fixed?.get(notice.senderName);
  let to = PLAIN_ADDRESS.test(notice.email) ? `To: ${notice.email}` : null;
  if (!known || !to) {
    const root = new MimeNode('multipart/alternative');
    root.setHeader({ From: from, To: notice.email, Subject: message.subject as string });
    const lines = headerLines(root.buildHeaders());
    known = { from: lines.get('From')!, subject: lines.get('Subject')! };
    fixed?.set(notice.senderName, known);
    to = lines.get('To')!;
  }
  // randomUUID draws from a cached pool of random bytes: randomBytes(8) for each notice, a call
  // into the system's generator every time, was a tenth of the time spent writing notices.
  const boundary = `--_NmP-${randomUUID().replaceAll('-', '').slice(0, 16)}-Part_1`;
  const headers = [
    `X-Integra-Campaign: ${notice.campaignId}`,
    known.from,
    to,
    known.subject,
    `Message-ID: ${message.messageId}`,
    `Date: ${new Date().toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
}

/**
 * One `<customer id>.eml` per notice: written again, not added, when a run repeats it. Written
 * in place: a file cut short by a crash belongs to a batch not yet marked sent, which the
 * resumed run writes again whole.
 */
export function emlNoticeMailer(directory: string, from: string): NoticeMailer {
  let ready: Promise<unknown> | null = null;
  const fixed = new Map<string, FixedHeaders>();
  return {
    async send(notice) {
      ready ??= mkdir(directory, { recursive: true });
      await ready;
      await writeFile(path.join(directory, `${notice.customerId}.eml`), composeNoticeEml(notice, from, fixed));
    },
    close: () => {},
    concurrency: 64,
    batchSize: 2_000,
  };
}
