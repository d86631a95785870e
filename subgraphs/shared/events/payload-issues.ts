/** Why an event's payload is not one its producer sends, in the words a parked event shows an operator. */
import type { z } from 'zod';

export function describePayloadIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
}
