/**
 * The subgraph answers the gateway keeps, by fetch (document, variables, person and roles), each
 * with its stamp: it is served only while the subgraph's data version is the stamp's and its
 * clock lies within the stamp's validity. The least recently served go first when the total
 * size would pass its bound.
 */
import type { AnswerVersion, DataVersionNow } from '../../subgraphs/shared/answer-versions.js';

/** SUBGRAPH_CACHE_MB's default: every page of 100 and customer-360 of the bench's 10,000 customers fit several times over. */
export const DEFAULT_ANSWER_CACHE_MB = 64;

interface KeptAnswer {
  stamp: AnswerVersion;
  /**
   * As JSON text: its size is what the bound counts (a character takes one byte, or two outside
   * Latin-1), where parsed objects would take several times as much, and a parse gives each
   * request its own copy to write into.
   */
  json: string;
  /** Its size in characters, with its key. */
  size: number;
}

export class AnswerStore {
  private readonly answers = new Map<string, KeptAnswer>();
  private size = 0;

  /** @param maxChars the most characters of JSON (keys included) kept at once. */
  constructor(private readonly maxChars: number) {}

  /** Whether an answer is kept for `key` (held or not: only a data-version check can tell). */
  has(key: string): boolean {
    return this.answers.has(key);
  }

  /** A copy of the answer kept for `key`, when it still holds at `now`; a kept answer that no longer does is dropped. */
  get(key: string, now: DataVersionNow): Record<string, unknown> | null {
    const kept = this.answers.get(key);
    if (!kept) return null;
    const { stamp } = kept;
    if (stamp.dataVersion !== now.dataVersion || now.nowMs < stamp.validFromMs || now.nowMs >= stamp.validUntilMs) {
      this.drop(key, kept);
      return null;
    }
    // Served again: moved to the back of the eviction order.
    this.answers.delete(key);
    this.answers.set(key, kept);
    // The gateway writes into the data it merges: each request gets its own copy.
    return JSON.parse(kept.json) as Record<string, unknown>;
  }

  /** Keeps `data` for `key` under `stamp`, unless it alone would pass the bound. */
  put(key: string, stamp: AnswerVersion, data: Record<string, unknown>): void {
    const json = JSON.stringify(data);
    const size = key.length + json.length;
    const known = this.answers.get(key);
    if (known) this.drop(key, known);
    if (size > this.maxChars) return;
    this.answers.set(key, { stamp, json, size });
    this.size += size;
    for (const [oldest, kept] of this.answers) {
      if (this.size <= this.maxChars) break;
      this.drop(oldest, kept);
    }
  }

  get keptChars(): number {
    return this.size;
  }

  get count(): number {
    return this.answers.size;
  }

  private drop(key: string, kept: KeptAnswer): void {
    this.answers.delete(key);
    this.size -= kept.size;
  }
}

/** An answer's stamp as the subgraph sent it, or null for one that is not. */
export function answerVersionOf(value: unknown): AnswerVersion | null {
  const { dataVersion, validFromMs, validUntilMs } = (value ?? {}) as Partial<AnswerVersion>;
  return typeof dataVersion === 'string' && Number.isFinite(validFromMs) && Number.isFinite(validUntilMs) && validFromMs! < validUntilMs! ? { dataVersion, validFromMs: validFromMs!, validUntilMs: validUntilMs! } : null;
}
