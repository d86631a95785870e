/**
 * A stand-in OpenTelemetry collector for benchmarks: accepts OTLP/HTTP at `POST /v1/traces`,
 * answers 200 at once, counts the exports, their bytes and their spans, and keeps nothing. The
 * services' exporters send JSON (`@opentelemetry/exporter-trace-otlp-http`), which is parsed
 * to count the spans; a body that is not JSON is counted in bytes only.
 *
 * It runs as a process of its own (startOtlpSink forks this file): reading the exports then
 * competes for the CPU as a collector on the same machine would, without stalling the event
 * loop of the load driver that measures the latencies.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const TRACES_PATH = '/v1/traces';

export interface SinkCounts {
  exports: number;
  bytes: number;
  spans: number;
  /** Exports whose body could not be read as OTLP JSON (their spans are not counted). */
  unreadable: number;
}

export interface OtlpSink {
  /** The full traces URL, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  tracesUrl: string;
  counts(): Promise<SinkCounts>;
  stop(): Promise<void>;
}

interface OtlpTraceExport {
  resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
}

function spansIn(body: Buffer, encoding: string | undefined): number {
  const text = (encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
  const parsed = JSON.parse(text) as OtlpTraceExport;
  let spans = 0;
  for (const resource of parsed.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
  return spans;
}

/** The child's side: serves on a free port of 127.0.0.1, tells its parent the port, answers its `counts` requests. */
function serveSink(): void {
  const counts: SinkCounts = { exports: 0, bytes: 0, spans: 0, unreadable: 0 };
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url?.split('?')[0] !== TRACES_PATH) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.exports += 1;
      counts.bytes += body.length;
      try {
        counts.spans += spansIn(body, request.headers['content-encoding']);
      } catch {
        counts.unreadable += 1;
      }
      // An empty ExportTraceServiceResponse: everything accepted.
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (message: unknown) => {
    if (message === 'counts') process.send!({ counts });
  });
  process.on('disconnect', () => process.exit(0));
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the OTLP sink stopped before serving (exit code ${code})`)));
  });
  child.removeAllListeners('exit');
  return {
    tracesUrl: `http://127.0.0.1:${port}${TRACES_PATH}`,
    counts: () =>
      new Promise((resolve) => {
        const answer = (message: { counts?: SinkCounts }) => {
          if (!message.counts) return;
          child.off('message', answer);
          resolve(message.counts);
        };
        child.on('message', answer);
        child.send('counts');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) serveSink();
