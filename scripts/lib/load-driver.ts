/**
 * A closed-loop load driver: `connections` clients, each sending the same POST again as soon as
 * the last one is answered, for a fixed time. What autocannon does, small enough to keep here
 * (it is not a dependency); throughput is answers per second, latency each answer's own.
 */
import { Agent, fetch } from 'undici';

export interface DriveOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
}

export interface DriveResult {
  answers: number;
  /** Answers that were not HTTP 200 with data and no errors. */
  failures: number;
  firstFailure?: string;
  seconds: number;
  /** Milliseconds, one per answer. */
  latencies: number[];
}

export async function driveFor({ url, headers, body, connections, seconds }: DriveOptions): Promise<DriveResult> {
  const agent = new Agent({ connections });
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const endsAt = started + seconds * 1000;
  async function client(): Promise<void> {
    while (performance.now() < endsAt) {
      const sent = performance.now();
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, dispatcher: agent });
        const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
        if (response.status !== 200 || answer.errors || !answer.data) {
          failures += 1;
          firstFailure ??= `HTTP ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`;
        }
      } catch (error) {
        failures += 1;
        firstFailure ??= (error as Error).message;
      }
      latencies.push(performance.now() - sent);
    }
  }
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  await agent.close();
  return { answers: latencies.length, failures, firstFailure, seconds: elapsed, latencies };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
