/** Polls a service's `/ready` until it answers 200, for whoever starts services (npm start's supervisor). */

export type ReadyOutcome = { ready: true } | { ready: false; lastAnswer: string };

export interface WaitOptions {
  timeoutMs: number;
  pollIntervalMs: number;
  /** True when waiting is pointless (the process exited): ends the wait at once, not ready. */
  abandoned?: () => boolean;
}

const POLL_TIMEOUT_MS = 5_000;
const NO_ANSWER_YET = 'none yet';

async function ask(readinessUrl: string, timeoutMs: number): Promise<{ ok: boolean; answered: boolean; answer: string }> {
  try {
    const response = await fetch(readinessUrl, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { ok: response.status === 200, answered: true, answer: `${response.status} ${body.slice(0, 300)}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { ok: false, answered: false, answer: `no answer (${cause})` };
  }
}

export async function waitUntilReady(readinessUrl: string, { timeoutMs, pollIntervalMs, abandoned = () => false }: WaitOptions): Promise<ReadyOutcome> {
  const deadline = performance.now() + timeoutMs;
  let lastAnswer = NO_ANSWER_YET;
  while (!abandoned()) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    const cutByOwnDeadline = remaining < POLL_TIMEOUT_MS;
    const { ok, answered, answer } = await ask(readinessUrl, Math.ceil(Math.min(remaining, POLL_TIMEOUT_MS)));
    if (ok) return { ready: true };
    // A poll the deadline cut short says nothing of the service: the operator wants its last real answer.
    if (answered || !cutByOwnDeadline || lastAnswer === NO_ANSWER_YET) lastAnswer = answer;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, Math.max(0, deadline - performance.now()))));
  }
  return { ready: false, lastAnswer };
}
