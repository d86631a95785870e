/**
 * A participant's number, as the bridge's caller ID reports it: E.164, + and 8 to 15 digits
 * (country code first, no leading zero). Spacing and punctuation people write numbers with
 * are dropped, so "+39 02 555-0101" and "+39025550101" are one caller.
 */
import { z } from 'zod';

/** The longest way of writing a 15-digit number with generous spacing; anything longer is not a number. */
const MAX_WRITTEN_LENGTH = 40;

export const phoneNumber = z
  .string()
  .max(MAX_WRITTEN_LENGTH, { message: `must be at most ${MAX_WRITTEN_LENGTH} characters`, abort: true })
  .transform((written) => written.replace(/[ ().-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an international number: + then 8 to 15 digits, such as +39 02 555 0101'));
