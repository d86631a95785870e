/**
 * A subgraph process, and the gateway, stopped with SIGTERM while requests are in flight: /ready turns 503 at
 * once, new connections are refused once the readiness grace is over, the requests in flight
 * finish with their data, the process exits with 0 and its embedded database folder is free for
 * the next process. A request still unfinished at SHUTDOWN_TIMEOUT_MS is cut, and the process
 * still exits with 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/free-port.js';
import { temporaryKeyFolder, type ScriptKeyFolder } from '../../scripts/lib/local-tokens.js';
import { projectRoot } from '../../subgraphs/shared/config.js';
import { openDatabase } from '../../subgraphs/shared/database.js';
import { LOCK_FILE_NAME } from '../../subgraphs/shared/folder-lock.js';
import { PERSON_ROLES } from '../../subgraphs/shared/identity/roles.js';
import { CUSTOMERS_PAGE, stubSubgraph } from '../support/stub-subgraph.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'integra-shutdown-'));
const folder = path.join(scratch, 'sales');
let keys: ScriptKeyFolder;
let authorization: string;

beforeAll(async () => {
  keys = await temporaryKeyFolder();
  authorization = await keys.gatewayAuthorization([...PERSON_ROLES]);
});
afterAll(() => {
  keys?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

interface SalesProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

async function startSales(env: Record<string, string>): Promise<SalesProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'subgraphs/sales/index.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, INTEGRA_DATA_DIR: scratch, SALES_DATABASE_URL: `pglite:${folder}`, SALES_PORT: String(port), SEED_DEMO_DATA: 'false', LOG_FORMAT: 'json', ...keys.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => output.includes('"msg":"serving ') && resolve());
    void exited.then((code) => reject(new Error(`sales exited while starting (${code}):\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}

const QUERY = JSON.stringify({ query: '{ customers(first: 1) { edges { node { id } } } }' });

/**
 * A GraphQL request whose body arrives only when `finish` is called: it is in flight (its
 * headers were read) for as long as the test wants, without any hook in the service.
 */
function slowRequest(port: number): { finish(): void; answer: Promise<{ status: number; connection?: string; body: string }> } {
  const request = http.request({
    host: '127.0.0.1',
    port,
    path: '/graphql',
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(QUERY), authorization },
  });
  const answer = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.once('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, body }));
      response.once('error', reject);
    });
  });
  request.flushHeaders();
  request.write(QUERY.slice(0, 10));
  return { finish: () => request.end(QUERY.slice(10)), answer };
}

async function readyStatus(port: number): Promise<number | 'refused'> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/ready`)).status;
  } catch {
    return 'refused';
  }
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (performance.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a subgraph process stopped with SIGTERM', { timeout: 180_000 }, () => {
  it('turns /ready 503, refuses new connections, finishes the requests in flight, exits 0 and frees its database', async () => {
    const sales = await startSales({ SHUTDOWN_READINESS_GRACE_MS: '1500', SHUTDOWN_TIMEOUT_MS: '60000' });
    expect(await readyStatus(sales.port)).toBe(200);
    const inFlight = [slowRequest(sales.port), slowRequest(sales.port)];
    // Both requests' headers have reached the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 200));

    sales.child.kill('SIGTERM');
    expect(await eventually(() => readyStatus(sales.port), (status) => status !== 200, '/ready after SIGTERM')).toBe(503);
    expect(await eventually(() => connectionRefused(sales.port), Boolean, 'a new connection after the grace')).toBe(true);
    expect(sales.child.exitCode).toBeNull();

    for (const request of inFlight) request.finish();
    const answers = await Promise.all(inFlight.map((request) => request.answer));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.connection).toBe('close');
      expect(JSON.parse(answer.body)).toEqual({ data: { customers: { edges: [] } } });
    }
    expect(await sales.exited).toBe(0);
    expect(sales.output()).toMatch(/"service":"sales".*"msg":"stopping: \/ready answers 503, new requests taken for 1500 ms more"/);
    expect(sales.output()).toMatch(/"service":"sales".*"msg":"stopped in \d+ ms"/);
    expect(existsSync(path.join(folder, LOCK_FILE_NAME))).toBe(false);
  });

  it('cuts a request still in flight at SHUTDOWN_TIMEOUT_MS and still exits 0, leaving the folder to the next process', async () => {
    // The folder of the test above: this start opening it is the first proof that it was freed.
    const sales = await startSales({ SHUTDOWN_TIMEOUT_MS: '500' });
    const neverFinished = slowRequest(sales.port);
    const outcome = neverFinished.answer.then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => `cut (${error.code})`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    sales.child.kill('SIGTERM');
    expect(await sales.exited).toBe(0);
    expect(await outcome).toMatch(/^cut \(/);
    expect(existsSync(path.join(folder, LOCK_FILE_NAME))).toBe(false);
    const reopened = await openDatabase(`pglite:${folder}`);
    await reopened.close();
  });
});

describe('the gateway process stopped with SIGTERM', { timeout: 180_000 }, () => {
  it('turns /ready 503, refuses new connections, lets the requests in flight finish through their subgraph and exits 0', async () => {
    // A stand-in sales that takes 2 s to answer: the gateway's requests are in flight, waiting on it, when the signal comes.
    const sales = await stubSubgraph(() => ({ json: CUSTOMERS_PAGE, delayMs: 2_000 }));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'gateway/index.ts')], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, INTEGRA_DATA_DIR: scratch, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1', SALES_URL: sales.url, SHUTDOWN_READINESS_GRACE_MS: '1000', LOG_FORMAT: 'json', ...keys.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', () => output.includes('"msg":"serving ') && resolve());
        void exited.then((code) => reject(new Error(`the gateway exited while starting (${code}):\n${output}`)));
      });
      expect(await readyStatus(port)).toBe(200);
      const token = await keys.token(['billing-specialist'], 'giulia');
      const ask = () =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ customers(first: 2) { edges { node { legalName } } } }' }),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }));
      const inFlight = [ask(), ask()];
      await eventually(async () => sales.received.length, (count) => count >= 1, 'the gateway asking sales');

      child.kill('SIGTERM');
      expect(await eventually(() => readyStatus(port), (status) => status !== 200, '/ready after SIGTERM')).toBe(503);
      expect(await eventually(() => connectionRefused(port), Boolean, 'a new connection after the grace')).toBe(true);
      for (const answer of await Promise.all(inFlight)) expect(answer).toEqual({ status: 200, body: CUSTOMERS_PAGE });
      expect(await exited).toBe(0);
      expect(output).toMatch(/"service":"gateway".*"msg":"stopped in \d+ ms"/);
    } finally {
      child.kill('SIGKILL');
      await sales.stop();
    }
  });
});
