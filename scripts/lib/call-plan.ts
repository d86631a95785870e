/**
 * What a simulated conference does, decided up front from a seeded generator, so `--seed`
 * replays the same calls: who joins when, on which number, whether toll-free, who drops out
 * early and rejoins. Times are offsets in seconds from the conference's start; the simulator
 * turns them into the `at` the bridge reports.
 */
import { Faker, en } from '@faker-js/faker';

export interface PlannedLeg {
  phoneNumber: string;
  tollFree: boolean;
  joinSecond: number;
  /** Null: still connected when the conference ends (endConference closes the leg). */
  leaveSecond: number | null;
}

export interface CallPlan {
  seconds: number;
  legs: PlannedLeg[];
}

/** Country codes and the digits after them, as the callers of an Italian company's calls come. */
const CALLER_COUNTRIES = [
  { prefix: '+39 3', digits: 9, weight: 6 },
  { prefix: '+39 02 ', digits: 8, weight: 3 },
  { prefix: '+44 7', digits: 9, weight: 1 },
  { prefix: '+49 151 ', digits: 8, weight: 1 },
  { prefix: '+33 6', digits: 8, weight: 1 },
  { prefix: '+1 212 ', digits: 7, weight: 1 },
];

export function seededFaker(seed: number): Faker {
  return new Faker({ locale: [en], seed });
}

export function planCall(faker: Faker, { participants, seconds, tollFreeAvailable }: { participants: number; seconds: number; tollFreeAvailable: boolean }): CallPlan {
  const legs: PlannedLeg[] = [];
  for (let index = 0; index < participants; index += 1) {
    const country = faker.helpers.weightedArrayElement(CALLER_COUNTRIES.map((value) => ({ value, weight: value.weight })));
    const phoneNumber = `${country.prefix}${faker.string.numeric({ length: country.digits, allowLeadingZeros: true })}`;
    // The host is on from the start; the others trickle in over the first tenth of the call.
    const joinSecond = index === 0 ? 0 : faker.number.int({ min: 0, max: Math.max(1, Math.floor(seconds / 10)) });
    const tollFree = tollFreeAvailable && index > 0 && faker.datatype.boolean({ probability: 0.5 });
    const leavesEarly = index > 0 && faker.datatype.boolean({ probability: 0.3 });
    const leaveSecond = leavesEarly ? faker.number.int({ min: joinSecond + 1, max: Math.max(joinSecond + 1, seconds - 1) }) : null;
    legs.push({ phoneNumber, tollFree, joinSecond, leaveSecond });
    // One in ten who leave early had a dropped line and dial in again on the same number.
    if (leaveSecond !== null && leaveSecond < seconds - 60 && faker.datatype.boolean({ probability: 0.1 })) {
      const rejoinSecond = faker.number.int({ min: leaveSecond, max: leaveSecond + 30 });
      legs.push({ phoneNumber, tollFree, joinSecond: rejoinSecond, leaveSecond: null });
    }
  }
  return { seconds, legs };
}
