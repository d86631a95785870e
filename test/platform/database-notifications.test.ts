/**
 * LISTEN on a PostgreSQL server (subgraphs/shared/database-notifications.ts) when the server
 * cannot be reached at first: the caller is told, and nothing keeps trying in the background
 * (the event relay then polls). Reconnecting after a working connection breaks is covered in
 * test/events/delivery.test.ts, against a real server.
 */
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listenOnServer } from '../../subgraphs/shared/database-notifications.js';

let refusing: net.Server;
let connections = 0;

beforeAll(async () => {
  // Accepts each connection and closes it at once, as a server going down would.
  refusing = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise((resolve) => refusing.close(resolve)));

it('rejects when the first connection fails, and does not try again behind the caller\'s back', async () => {
  const { port } = refusing.address() as net.AddressInfo;
  const lines: string[] = [];
  const listen = listenOnServer(`postgres://postgres@127.0.0.1:${port}/integra`, (line) => lines.push(line));
  await expect(listen('integration_outbox', () => {})).rejects.toThrow();
  expect(connections).toBe(1);
  // Past the reconnect delay (1 s): a retry would have connected again.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(connections).toBe(1);
  expect(lines).toEqual([]);
});
