/** The simulator's planned calls: the same seed gives the same call, and every plan is one the bridge accepts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCall, seededFaker } from '../../scripts/lib/call-plan.js';
import { phoneNumber } from '../../subgraphs/conferencing/bridge/phone-number.js';

describe('planCall', () => {
  it('plans the same call for the same seed', () => {
    const options = { participants: 8, seconds: 2700, tollFreeAvailable: true };
    expect(planCall(seededFaker(42), options)).toEqual(planCall(seededFaker(42), options));
    expect(planCall(seededFaker(42), options)).not.toEqual(planCall(seededFaker(43), options));
  });

  it('plans legs that join and leave within the call, on numbers the bridge accepts, toll-free only when available', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 60, max: 6 * 3600 }), fc.boolean(), (seed, participants, seconds, tollFreeAvailable) => {
        const plan = planCall(seededFaker(seed), { participants, seconds, tollFreeAvailable });
        expect(plan.legs.length).toBeGreaterThanOrEqual(participants);
        expect(plan.legs[0]!.joinSecond).toBe(0);
        for (const leg of plan.legs) {
          expect(phoneNumber.safeParse(leg.phoneNumber).success).toBe(true);
          expect(leg.joinSecond).toBeGreaterThanOrEqual(0);
          expect(leg.joinSecond).toBeLessThanOrEqual(seconds);
          if (leg.leaveSecond !== null) {
            expect(leg.leaveSecond).toBeGreaterThan(leg.joinSecond);
            expect(leg.leaveSecond).toBeLessThanOrEqual(seconds);
          }
          if (!tollFreeAvailable) expect(leg.tollFree).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
