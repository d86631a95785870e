/**
 * The gateway's store of kept answers (gateway/answer-cache/answer-store.ts): an answer is served
 * only at its stamp's data version and within its instants, each time as a copy of its own, and
 * the store stays within its bound, dropping the least recently served first.
 */
import { expect, it } from 'vitest';
import { AnswerStore, answerVersionOf } from '../../gateway/answer-cache/answer-store.js';

const stamp = { dataVersion: 'r/10:12:', validFromMs: 1_000, validUntilMs: 2_000 };
const now = (nowMs: number, dataVersion = stamp.dataVersion) => ({ dataVersion, nowMs });

it('serves a kept answer only at its data version and within its instants, and drops it once it no longer holds', () => {
  const store = new AnswerStore(10_000);
  store.put('a', stamp, { customer: { legalName: 'Rossi' } });
  expect(store.get('a', now(999))).toBeNull();
  store.put('a', stamp, { customer: { legalName: 'Rossi' } });
  expect(store.get('a', now(1_000))).toEqual({ customer: { legalName: 'Rossi' } });
  expect(store.get('a', now(1_999))).toEqual({ customer: { legalName: 'Rossi' } });
  expect(store.get('a', now(2_000))).toBeNull();
  expect(store.has('a')).toBe(false);
  store.put('a', stamp, { customer: { legalName: 'Rossi' } });
  expect(store.get('a', now(1_500, 'r/10:13:'))).toBeNull();
  expect(store.count).toBe(0);
});

it('gives every request a copy of its own to write into', () => {
  const store = new AnswerStore(10_000);
  const data = { customer: { legalName: 'Rossi', rates: [{ service: 'AUDIO' }] } };
  store.put('a', stamp, data);
  data.customer.legalName = 'changed after it was kept';
  const first = store.get('a', now(1_500)) as typeof data;
  first.customer.rates.push({ service: 'VIDEO' });
  expect(store.get('a', now(1_500))).toEqual({ customer: { legalName: 'Rossi', rates: [{ service: 'AUDIO' }] } });
});

it('stays within its bound, dropping the least recently served first, and keeps nothing larger than the bound', () => {
  const answer = { text: 'x'.repeat(80) };
  const size = 'k0'.length + JSON.stringify(answer).length;
  const store = new AnswerStore(3 * size);
  for (const key of ['k0', 'k1', 'k2']) store.put(key, stamp, answer);
  expect(store.get('k0', now(1_500))).not.toBeNull();
  store.put('k3', stamp, answer);
  expect([store.has('k0'), store.has('k1'), store.has('k2'), store.has('k3')]).toEqual([true, false, true, true]);
  expect(store.keptChars).toBeLessThanOrEqual(3 * size);
  store.put('huge', stamp, { text: 'x'.repeat(4 * size) });
  expect(store.has('huge')).toBe(false);
  expect(store.count).toBe(3);
});

it('takes no stamp that is not one', () => {
  expect(answerVersionOf(stamp)).toEqual(stamp);
  for (const bad of [null, 'v1', {}, { ...stamp, dataVersion: 1 }, { ...stamp, validUntilMs: Number.NaN }, { ...stamp, validUntilMs: 1_000 }]) expect(answerVersionOf(bad)).toBeNull();
});
