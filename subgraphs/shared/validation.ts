/** Input rules shared by the subgraphs' mutations, with messages a person can act on. */
import { z } from 'zod';
import { findCurrency } from './currencies.js';
import { fromZodError } from './errors.js';

export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, root: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, root);
  return result.data;
}

export const requiredText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const optionalText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).nullish().transform((value) => value || null);

export const email = z.string().trim().email('must be an e-mail address such as name@example.com');

export const uuid = z.string().uuid('must be an id returned by this API');

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR')
  .refine((code) => findCurrency(code) !== undefined, 'is not an ISO 4217 currency that money can be in (such as EUR, USD, JPY)');

/** A decimal string, so that no amount ever passes through a float. */
export const decimalString = (maxDecimals: number) =>
  z
    .string()
    .trim()
    .regex(
      new RegExp(`^\\d{1,12}(\\.\\d{1,${maxDecimals}})?$`),
      `must be a non-negative decimal such as 0.045 with at most ${maxDecimals} decimals`,
    );

export const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()), 'must be a valid date');
