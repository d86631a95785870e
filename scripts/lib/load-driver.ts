/**
 * A closed-loop load driver: `connections` clients, each sending its POST again as soon as
 * the last one is answered, for a fixed time. What autocannon does, small enough to keep here
 * (it is not a dependency); throughput is answers per second, latency each answer's own.
 * It sends with `undici.request`, not `fetch`: without web streams and Request objects the
 * client costs about half the CPU per request, and it shares the machine with what it measures.
 */
import { Agent, request } from 'undici';

export interface DriveOptions {
  url: string;
  /** The same headers for every client, or each client's own (`client` counts from 0): one person per connection. */
  headers: Record<string, string> | ((client: number) => Record<string, string>);
  /** The same body every time, or a new one for each request (a different customer each time). */
  body: string | (() => string);
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
  async function client(_: unknown, index: number): Promise<void> {
    const sentHeaders = { 'content-type': 'application/json', ...(typeof headers === 'function' ? headers(index) : headers) };
    while (performance.now() < endsAt) {
      const sent = performance.now();
      try {
        const response = await request(url, { method: 'POST', headers: sentHeaders, body: typeof body === 'string' ? body : body(), dispatcher: agent });
        const answer = (await response.body.json()) as { data?: unknown; errors?: unknown[] };
        if (response.statusCode !== 200 || answer.errors || !answer.data) {
          failures += 1;
          firstFailure ??= `HTTP ${response.statusCode}: ${JSON.stringify(answer).slice(0, 300)}`;
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

export interface RunsSummary {
  /** Answers per second over all the runs. */
  rps: number;
  p50: number;
  p99: number;
  answers: number;
  failures: number;
}

/** Several runs of one target taken together (the rounds of a benchmark). */
export function summarizeRuns(runs: readonly DriveResult[]): RunsSummary {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const answers = runs.reduce((sum, run) => sum + run.answers, 0);
  const elapsed = runs.reduce((sum, run) => sum + run.seconds, 0);
  return { rps: answers / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), answers, failures: runs.reduce((sum, run) => sum + run.failures, 0) };
}

/** One run on one line: `  round 2 dedup on    141 answers/s  p50 229.4 ms  p99 481.0 ms`. */
export function describeRun(label: string, result: DriveResult): string {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const failed = result.failures ? `  ${result.failures} failed (${result.firstFailure})` : '';
  return `${label} ${(result.answers / result.seconds).toFixed(0).padStart(6)} answers/s  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms${failed}`;
}
