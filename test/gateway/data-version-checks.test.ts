/**
 * How the gateway shares data-version checks (gateway/answer-cache/data-version-checks.ts): a
 * request relies only on a check sent after it arrived; at most one check per subgraph is on its
 * way, and the requests arriving meanwhile share the next; a failure fails those waiting at once;
 * a subgraph without data versions is not asked again for a while.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { DataVersionChecks, type AskDataVersion } from '../../gateway/answer-cache/data-version-checks.js';
import type { DataVersionNow } from '../../subgraphs/shared/answer-versions.js';

/** An `ask` whose checks are answered by hand, in order; each records when it was sent. */
function manualSubgraph() {
  const sent: { at: number; answer(version: DataVersionNow | 'unsupported' | null): void; fail(error: Error): void }[] = [];
  const ask: AskDataVersion = () =>
    new Promise((resolve, reject) => {
      sent.push({ at: performance.now(), answer: resolve, fail: reject });
    });
  return { sent, ask };
}

const version = (n: number): DataVersionNow => ({ dataVersion: `v${n}`, nowMs: n });
const settle = () => new Promise((resolve) => setImmediate(resolve));

it('shares the check on its way with requests that arrived before it was sent, never with later ones', async () => {
  const { sent, ask } = manualSubgraph();
  const checks = new DataVersionChecks();
  const early = performance.now() - 10;
  const first = checks.since(early, ask);
  expect(checks.since(early, ask)).toBe(first);
  expect(sent).toHaveLength(1);
  // Arrived after the check went out: waits for the next, sent once the first is back.
  const late = checks.since(performance.now() + 1, ask);
  const alsoLate = checks.since(performance.now() + 1, ask);
  expect(sent).toHaveLength(1);
  sent[0]!.answer(version(1));
  expect(await first).toEqual(version(1));
  await settle();
  expect(sent).toHaveLength(2);
  sent[1]!.answer(version(2));
  expect(await late).toEqual(version(2));
  expect(await alsoLate).toEqual(version(2));
});

it('fails the requests waiting for the next check when the one on its way fails', async () => {
  const { sent, ask } = manualSubgraph();
  const checks = new DataVersionChecks();
  const first = checks.since(performance.now() - 1, ask);
  const waiting = checks.since(performance.now() + 1, ask);
  sent[0]!.fail(new Error('no answer within 1000 ms'));
  await expect(first).rejects.toThrow('no answer');
  await expect(waiting).rejects.toThrow('no answer');
  expect(sent).toHaveLength(1);
});

it('asks a subgraph that keeps no data versions no more for a while', async () => {
  const { sent, ask } = manualSubgraph();
  const checks = new DataVersionChecks();
  const first = checks.since(performance.now(), ask);
  sent[0]!.answer('unsupported');
  expect(await first).toBeNull();
  expect(await checks.since(performance.now() + 1, ask)).toBeNull();
  expect(sent).toHaveLength(1);
});

it('never answers a request with a check sent before it arrived, whatever the order of arrivals and answers (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(fc.constant('arrive' as const), fc.constant('answer' as const)), { minLength: 1, maxLength: 40 }), async (events) => {
      const { sent, ask } = manualSubgraph();
      const checks = new DataVersionChecks();
      const outcomes: Promise<{ arrivedAt: number; sentAt: number }>[] = [];
      let answered = 0;
      for (const event of events) {
        if (event === 'arrive') {
          const arrivedAt = performance.now();
          outcomes.push(checks.since(arrivedAt, ask).then((answer) => ({ arrivedAt, sentAt: sent[answer!.nowMs]!.at })));
        } else if (answered < sent.length) {
          sent[answered]!.answer(version(answered));
          answered += 1;
          await settle();
        }
      }
      // Whatever is still on its way is answered, and so is what it lets go.
      while (answered < sent.length) {
        sent[answered]!.answer(version(answered));
        answered += 1;
        await settle();
      }
      for (const outcome of await Promise.all(outcomes)) expect(outcome.sentAt).toBeGreaterThanOrEqual(outcome.arrivedAt);
      // One check at most on its way: never more checks than arrivals.
      expect(sent.length).toBeLessThanOrEqual(outcomes.length);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 100), seed: 20_261_207 },
  );
});
