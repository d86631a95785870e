/** A stand-in subgraph on loopback for gateway tests that need no database: `answer` decides each reply. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  index: number;
  /** The request's path: `/graphql`, or the gateway's `/data-version` check. */
  path: string;
  body: { query?: string; variables?: Record<string, unknown> };
  authorization: string | undefined;
}

export interface StubReply {
  status?: number;
  json?: unknown;
  text?: string;
  /** Milliseconds to wait before replying, so that requests overlap. */
  delayMs?: number;
}

export interface StubSubgraph {
  url: string;
  /** Every request it received, in order. */
  received: StubRequest[];
  stop(): Promise<void>;
}

export async function stubSubgraph(answer: (request: StubRequest) => StubReply): Promise<StubSubgraph> {
  const received: StubRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const seen: StubRequest = { index: received.length, path: request.url ?? '/', body: JSON.parse(Buffer.concat(chunks).toString() || '{}'), authorization: request.headers.authorization };
      received.push(seen);
      const { status = 200, json, text, delayMs } = answer(seen);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      response.writeHead(status, { 'content-type': json === undefined ? 'text/plain' : 'application/json' });
      response.end(json === undefined ? (text ?? '') : JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a sales stand-in answers to the customers page the tests ask for. */
export const CUSTOMERS_PAGE = { data: { customers: { edges: [{ node: { legalName: 'Rossi Impianti Srl' } }] } } };
