import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../scripts/lib/wait-until-ready.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A /ready that answers 503 to its first poll and never answers again, like a service that froze while starting. */
async function answersOnceThenFreezes(): Promise<string> {
  let polls = 0;
  const server = http.createServer((_request, response) => {
    polls += 1;
    if (polls === 1) response.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable"}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`;
}

describe('waiting for a service to be ready', () => {
  it("names the service's last real answer, not the poll its own deadline cut short", async () => {
    const readinessUrl = await answersOnceThenFreezes();
    const outcome = await waitUntilReady(readinessUrl, { timeoutMs: 400, pollIntervalMs: 10 });
    expect(outcome).toEqual({ ready: false, lastAnswer: '503 {"status":"unavailable"}' });
  });

  it('says there was no answer when the service never gave one', async () => {
    const server = http.createServer(() => {});
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const outcome = await waitUntilReady(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`, { timeoutMs: 300, pollIntervalMs: 10 });
    expect(outcome).toMatchObject({ ready: false, lastAnswer: expect.stringMatching(/^no answer \(/) });
  });
});
