/** One customer's letter as a campaign would print it, read live from sales (and billing if the template asks). */
import type { CustomerSource } from '../audience/sales-audience.js';
import { letterSkipReason, noticeSkipReason } from '../campaigns/recipients.js';
import type { LetterTemplate, SkipReason } from '../generated/prisma/client.js';
import { needsBilling } from './letter-fields.js';
import { parseLetterTemplate, renderLetter } from './render-letter.js';

export async function previewLetter(template: LetterTemplate, customers: CustomerSource, customerId: string, now: Date) {
  const page = await customers.page({ ids: [customerId] }, null, 1, false);
  const customer = page.customers[0];
  if (!customer) return null;
  const billing = needsBilling(template.fields) ? ((await customers.billing([customer.id])).get(customer.id) ?? null) : null;
  const today = now.toISOString().slice(0, 10);
  const letter = renderLetter(parseLetterTemplate(template), customer, billing, { name: '(preview)', expectedDelivery: today }, today);
  const skipReasons = [letterSkipReason(customer), noticeSkipReason(customer)].filter((reason): reason is SkipReason => reason !== null);
  return { customerId: customer.id, ...letter, skipReasons };
}
