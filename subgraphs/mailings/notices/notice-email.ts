/**
 * The notice e-mail: "a letter is on its way". Built and sent with nodemailer, a well-kept
 * mail library (MIME, encodings, SMTP with TLS and pooling): through an SMTP server when
 * MAILINGS_SMTP_URL is set, otherwise written as one `.eml` file per customer for whoever
 * sends them. Each message has a Message-ID made from the campaign and the customer, so a
 * notice sent again after a crash is recognisably the same message.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
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
  };
}

/** One `<customer id>.eml` per notice: written again, not added, when a run repeats it. */
export function emlNoticeMailer(directory: string, from: string): NoticeMailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | null = null;
  return {
    async send(notice) {
      ready ??= mkdir(directory, { recursive: true });
      await ready;
      const { message } = (await transport.sendMail(noticeMessage(notice, from))) as { message: Buffer };
      const file = path.join(directory, `${notice.customerId}.eml`);
      await writeFile(`${file}.partial`, message);
      await rename(`${file}.partial`, file);
    },
    close: () => transport.close(),
  };
}
