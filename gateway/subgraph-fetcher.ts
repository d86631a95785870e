/**
 * The gateway's HTTP client for subgraph fetches: a Fetcher (what RemoteGraphQLDataSource calls)
 * over undici's dispatcher API, which buffers each answer whole and hands it over as one string.
 * undici's `fetch` answered the same request through WHATWG streams, Headers and Response objects
 * and an AbortSignal per fetch: about a fifth of the gateway's CPU went to those (issue 17).
 */
import type { FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';

/**
 * A fetch that ran out of the time it was given, as undici's `fetch` reported one cut by
 * `AbortSignal.timeout`: describeFailure (subgraph-client.ts) reads the name.
 */
export class FetchDeadlineExceeded extends Error {
  override readonly name = 'TimeoutError';

  constructor(budgetMs: number) {
    super(`no answer within ${budgetMs} ms`);
  }
}

/** The answer's headers, read-only in practice: the data source reads Content-Type and Cache-Control. */
class AnswerHeaders implements FetcherHeaders {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  append(name: string, value: string): void {
    const known = this.get(name);
    this.headers[name.toLowerCase()] = known === null ? value : `${known}, ${value}`;
  }

  set(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  delete(name: string): void {
    delete this.headers[name.toLowerCase()];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.headers).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

class BufferedAnswer implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  readonly headers: AnswerHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new AnswerHeaders(rawHeaders);
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return new Uint8Array(this.body).buffer;
  }

  clone(): FetcherResponse {
    return new BufferedAnswer(this.url, this.status, this.statusText, { ...this.rawHeaders }, this.body);
  }
}

/**
 * Sends one POST through `dispatcher` and resolves with the whole answer, or rejects with undici's
 * own error (a timeout of the dispatcher, a refused or broken connection) or, once `budgetMs` has
 * passed, with FetchDeadlineExceeded: at that instant, even while the request still waits for a
 * free connection (it is then dropped without being sent when its turn comes).
 */
export function postThrough(dispatcher: Dispatcher, url: URL, init: FetcherRequestInit, budgetMs: number): Promise<FetcherResponse> {
  return new Promise<FetcherResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let cutShort: Error | null = null;
    let settled = false;
    let status = 0;
    let statusText = '';
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      cutShort = new FetchDeadlineExceeded(budgetMs);
      controller?.abort(cutShort);
      settle(() => reject(cutShort));
    }, budgetMs);
    dispatcher.dispatch(
      { origin: url.origin, path: url.pathname + url.search, method: (init.method ?? 'POST') as Dispatcher.HttpMethod, headers: init.headers, body: init.body },
      {
        onRequestStart(started) {
          controller = started;
          if (cutShort) started.abort(cutShort);
        },
        onResponseStart(_controller, statusCode, responseHeaders, statusMessage) {
          status = statusCode;
          statusText = statusMessage ?? '';
          headers = responseHeaders;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          settle(() => resolve(new BufferedAnswer(url.href, status, statusText, headers, body)));
        },
        onResponseError(_controller, error) {
          settle(() => reject(error));
        },
      },
    );
  });
}
