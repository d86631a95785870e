/** One customer's letter as a campaign would print it, read live from sales (and billing if the template asks). */
import type { CustomerSource } from '../audience/sales-audience.js';
import { letterSkipReason, noticeSkipReason } from '../campaigns/recipients.js';
import type { LetterTemplate, SkipReason } from '../generated/prisma/client.js';
import { needsBilling } from './letter-fields.js';
import { badUserInput } from '../../shared/errors.js';
import type { TemplateRenderer } from './template-renderer.js';

export async function previewLetter(template: LetterTemplate, customers: CustomerSource, renderer: TemplateRenderer, customerId: string, now: Date) {
  const page = await customers.page({ ids: [customerId] }, null, 1, false);
  const customer = page.customers[0];
  if (!customer) return null;
  const billing = needsBilling(template.fields) ? ((await customers.billing([customer.id])).get(customer.id) ?? null) : null;
  const today = now.toISOString().slice(0, 10);
  const [outcome] = await renderer.render({ template: { subject: template.subject, body: template.body }, letters: [{ customer, billing }], campaign: { name: '(preview)', expectedDelivery: today }, today });
  // The template passed its trial when saved; this customer's data takes it past a limit.
  if (!outcome || 'reason' in outcome) throw badUserInput('templateId', `the template cannot be rendered for customer ${customer.id}: ${outcome?.reason ?? 'not rendered'} (in its ${outcome?.failedPart ?? 'body'})`);
  const letter = outcome.letter;
  const skipReasons = [letterSkipReason(customer), noticeSkipReason(customer)].filter((reason): reason is SkipReason => reason !== null);
  return { customerId: customer.id, ...letter, skipReasons };
}
