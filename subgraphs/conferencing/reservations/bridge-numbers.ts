/**
 * What a reservation hands its participants: the bridge's numbers, which every reservation
 * shares, and the codes that are its own. The access code picks the conference on the
 * bridge, so it is unique among all reservations (a unique index; a collision draws again);
 * the moderator PIN only has to be hard to guess.
 */
import { randomInt } from 'node:crypto';

/** The bridge's geographic dial-in number, in the international format printed on invitations. */
export const DIAL_IN_NUMBER = '+39 02 8295 1000';
/** The bridge's toll-free number: given only to bookings that asked for toll-free dial-in. */
export const TOLL_FREE_NUMBER = '+39 800 829 510';

/** Nine digits: a billion codes, so a random draw collides rarely even with millions of reservations. */
export const ACCESS_CODE_DIGITS = 9;
export const MODERATOR_PIN_DIGITS = 6;

/** Uniformly random digits from the operating system's CSPRNG: a code must not be predictable from another. */
export function randomDigits(count: number): string {
  let digits = '';
  for (let index = 0; index < count; index += 1) digits += String(randomInt(10));
  return digits;
}
