/**
 * The bridge's limits, besides conferencing's port and database: how many wrong access codes
 * the bridge may report before startConference stops looking codes up for a while, and how
 * many participants a reservation takes beyond those its booking expects. Read once at
 * start-up; see the README's configuration table.
 */
import { cleanEnv, makeValidator } from 'envalid';
import { throwOnInvalidEnv, withNodeEnvDefault } from '../shared/config.js';

export interface BridgeLimits {
  /** Wrong access codes in one window after which startConference is refused until the window has passed. */
  maxFailedAccessCodes: number;
  failedAccessCodeWindowMs: number;
  /** Participants beyond the booking's expected ones, as a percentage of them (at least 2 people). */
  participantMarginPercent: number;
}

/** 20 wrong codes a minute: a person mistyping a code needs a handful; a guesser needs billions. */
export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxFailedAccessCodes: 20,
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
        desc: 'wrong access codes in one window before startConference is refused until it has passed',
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
  return {
    maxFailedAccessCodes: clean.BRIDGE_MAX_FAILED_CODES,
    failedAccessCodeWindowMs: clean.BRIDGE_FAILED_CODE_WINDOW_MS,
    participantMarginPercent: clean.BRIDGE_PARTICIPANT_MARGIN_PERCENT,
  };
}
