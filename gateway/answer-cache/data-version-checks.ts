/**
 * Which data version a subgraph has committed now (its `/data-version`). A check sent after a
 * request arrived tells that request what is committed, so every request that arrived before a
 * check went out may share it, and a request never relies on one sent before it arrived: a write
 * committed before a request arrived is always seen. At most one check per subgraph is on its way
 * at a time; the requests arriving meanwhile share the next, sent when it returns (as a database
 * groups the commits that arrive while one is flushed), so under load a check serves many.
 */
import type { DataVersionNow } from '../../subgraphs/shared/answer-versions.js';

/** How long a subgraph without `/data-version` (an older one, or one whose answers are not its own data alone) is not asked again. */
export const UNSUPPORTED_RECHECK_MS = 60_000;

/** Asks the subgraph: 'unsupported' when it keeps no data versions, null when it could not tell this time. Rejects when it cannot be reached. */
export type AskDataVersion = () => Promise<DataVersionNow | 'unsupported' | null>;

type Version = DataVersionNow | null;

interface WaitingCheck {
  ask: AskDataVersion;
  answer: Promise<Version>;
  resolve(version: Version): void;
  reject(error: unknown): void;
}

export class DataVersionChecks {
  /** The last check sent: when (performance.now()) and its answer. */
  private latest: { sentAt: number; answer: Promise<Version> } | null = null;
  private onItsWay = false;
  /** The check the requests arriving while one is on its way share: sent when that one returns. */
  private waiting: WaitingCheck | null = null;
  private unsupportedUntil = -Infinity;

  /**
   * What the subgraph has committed, as told by a check sent no earlier than `receivedAt`
   * (performance.now() time); `ask` sends it when a new one is needed. Null: no version to go by.
   */
  since(receivedAt: number, ask: AskDataVersion): Promise<Version> {
    if (performance.now() < this.unsupportedUntil) return Promise.resolve(null);
    if (this.latest && this.latest.sentAt >= receivedAt) return this.latest.answer;
    if (this.waiting) return this.waiting.answer;
    if (!this.onItsWay) return this.send(ask);
    let resolve!: (version: Version) => void;
    let reject!: (error: unknown) => void;
    const answer = new Promise<Version>((resolved, rejected) => {
      resolve = resolved;
      reject = rejected;
    });
    this.waiting = { ask, answer, resolve, reject };
    return answer;
  }

  private send(ask: AskDataVersion): Promise<Version> {
    this.onItsWay = true;
    const sentAt = performance.now();
    const answer = ask().then((version) => {
      if (version !== 'unsupported') return version;
      this.unsupportedUntil = performance.now() + UNSUPPORTED_RECHECK_MS;
      return null;
    });
    this.latest = { sentAt, answer };
    const back = (failure: { error: unknown } | null) => {
      this.onItsWay = false;
      const waiting = this.waiting;
      this.waiting = null;
      if (!waiting) return;
      // A subgraph that just failed to answer fails those waiting too, rather than make them wait as long again.
      if (failure) waiting.reject(failure.error);
      else this.send(waiting.ask).then(waiting.resolve, waiting.reject);
    };
    answer.then(
      () => back(null),
      (error: unknown) => back({ error }),
    );
    return answer;
  }
}

/** `/data-version`'s answer, or null for one that is not (a subgraph cannot make the gateway keep nonsense). */
export function dataVersionNowOf(body: unknown): DataVersionNow | null {
  const { dataVersion, nowMs } = (body ?? {}) as Partial<DataVersionNow>;
  return typeof dataVersion === 'string' && dataVersion.length > 0 && dataVersion.length <= 10_000 && Number.isFinite(nowMs) ? { dataVersion, nowMs: nowMs! } : null;
}
