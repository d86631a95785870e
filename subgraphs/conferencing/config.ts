/**
 * The bridge's limits, besides conferencing's port and database: how many failed access codes
 * one caller, and all callers together, may send before startConference stops looking codes up
 * for a while, and how many participants a reservation takes beyond those its booking expects.
 * Read once at start-up; see the README's configuration table.
 */
import { cleanEnv, makeValidator } from 'envalid';
import { ConfigError, throwOnInvalidEnv, withNodeEnvDefault } from '../shared/config.js';

export interface BridgeLimits {
  /** Failed access codes of one caller in one window after which its startConference is refused until the window has passed. */
  maxFailedAccessCodes: number;
  /** Failed access codes of all callers together in one window after which every startConference is refused until it has passed. */
  maxFailedAccessCodesTotal: number;
  failedAccessCodeWindowMs: number;
  /** Participants beyond the booking's expected ones, as a percentage of them (at least 2 people). */
  participantMarginPercent: number;
}

/**
 * 20 failed codes a minute for one caller: a person mistyping a code needs a handful; a guesser
 * of 9-digit codes needs hundreds of millions. 100 a minute for all callers together, five
 * callers' worth: the bridge devices and operators mistype far fewer at once, while a guess
 * spread over many stolen identities gets at most 144,000 tries a day, against 10^9 codes of
 * which only those open at the moment start a conference.
 */
export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxFailedAccessCodes: 20,
  maxFailedAccessCodesTotal: 100,
  failedAccessCodeWindowMs: 60_000,
  participantMarginPercent: 20,
};

const wholeNumber = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const value = Number(input);
    if (!/^\d+$/.test(input.trim()) || value < min || value > max) throw new Error(`must be a whole number from ${min} to ${max}, got "${input}"`);
    return value;
  });

export function readBridgeLimits(env: NodeJS.ProcessEnv = process.env): BridgeLimits {
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      BRIDGE_MAX_FAILED_CODES: wholeNumber(1, 1_000_000)({
        default: DEFAULT_BRIDGE_LIMITS.maxFailedAccessCodes,
        desc: 'failed access codes of one caller in one window before its startConference is refused until the window has passed',
      }),
      BRIDGE_MAX_FAILED_CODES_TOTAL: wholeNumber(1, 10_000_000)({
        default: DEFAULT_BRIDGE_LIMITS.maxFailedAccessCodesTotal,
        desc: 'failed access codes of all callers together in one window before every startConference is refused until it has passed (at least BRIDGE_MAX_FAILED_CODES)',
      }),
      BRIDGE_FAILED_CODE_WINDOW_MS: wholeNumber(1_000, 86_400_000)({
        default: DEFAULT_BRIDGE_LIMITS.failedAccessCodeWindowMs,
        desc: 'the window the wrong access codes are counted in, in milliseconds',
      }),
      BRIDGE_PARTICIPANT_MARGIN_PERCENT: wholeNumber(0, 1000)({
        default: DEFAULT_BRIDGE_LIMITS.participantMarginPercent,
        desc: 'participants a reservation takes beyond its booking\'s expected ones, in percent of them (at least 2)',
      }),
    },
    { reporter: throwOnInvalidEnv },
  );
  // A total below one caller's limit would block every caller before the guesser blocks itself.
  if (clean.BRIDGE_MAX_FAILED_CODES_TOTAL < clean.BRIDGE_MAX_FAILED_CODES) {
    throw new ConfigError(
      `Invalid configuration:\n  BRIDGE_MAX_FAILED_CODES_TOTAL (${clean.BRIDGE_MAX_FAILED_CODES_TOTAL}) must be at least BRIDGE_MAX_FAILED_CODES (${clean.BRIDGE_MAX_FAILED_CODES}): a guesser must block itself before it blocks the whole bridge`,
    );
  }
  return {
    maxFailedAccessCodes: clean.BRIDGE_MAX_FAILED_CODES,
    maxFailedAccessCodesTotal: clean.BRIDGE_MAX_FAILED_CODES_TOTAL,
    failedAccessCodeWindowMs: clean.BRIDGE_FAILED_CODE_WINDOW_MS,
    participantMarginPercent: clean.BRIDGE_PARTICIPANT_MARGIN_PERCENT,
  };
}
