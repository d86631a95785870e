/**
 * Which data version a subgraph has committed now (its `/data-version`), asked at most once per
 * client request: a check sent after a request arrived tells that request what is committed, so
 * every request that arrived before a check went out shares it, and a request never relies on
 * one sent before it arrived. A write committed before a request arrived is thus always seen.
 */
import type { DataVersionNow } from '../../subgraphs/shared/answer-versions.js';

/** How long a subgraph without `/data-version` (an older one, or one whose answers are not its own data alone) is not asked again. */
export const UNSUPPORTED_RECHECK_MS = 60_000;

/** Asks the subgraph: 'unsupported' when it keeps no data versions, null when it could not tell this time. Rejects when it cannot be reached. */
export type AskDataVersion = () => Promise<DataVersionNow | 'unsupported' | null>;

export class DataVersionChecks {
  private latest: { sentAt: number; answer: Promise<DataVersionNow | null> } | null = null;
  private unsupportedUntil = -Infinity;

  /**
   * What the subgraph has committed, as told by a check sent no earlier than `receivedAt`
   * (performance.now() time); `ask` sends a new one when there is none. Null: no version to go by.
   */
  since(receivedAt: number, ask: AskDataVersion): Promise<DataVersionNow | null> {
    const now = performance.now();
    if (now < this.unsupportedUntil) return Promise.resolve(null);
    if (this.latest && this.latest.sentAt >= receivedAt) return this.latest.answer;
    const answer = ask().then((version) => {
      if (version !== 'unsupported') return version;
      this.unsupportedUntil = performance.now() + UNSUPPORTED_RECHECK_MS;
      return null;
    });
    this.latest = { sentAt: now, answer };
    return answer;
  }
}

/** `/data-version`'s answer, or null for one that is not (a subgraph cannot make the gateway keep nonsense). */
export function dataVersionNowOf(body: unknown): DataVersionNow | null {
  const { dataVersion, nowMs } = (body ?? {}) as Partial<DataVersionNow>;
  return typeof dataVersion === 'string' && dataVersion.length > 0 && dataVersion.length <= 10_000 && Number.isFinite(nowMs) ? { dataVersion, nowMs: nowMs! } : null;
}
