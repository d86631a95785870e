/**
 * One process at a time per embedded database folder: a second opener stops before touching
 * the data and names the holder; a dead holder's lock does not block the next start; a service
 * whose port is taken stops before opening its database.
 */
import { freePort } from '../../scripts/lib/free-port.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../subgraphs/shared/config.js';
import { openDatabase } from '../../subgraphs/shared/database.js';
import { FolderLockedError, LOCK_FILE_NAME, lockFolder } from '../../subgraphs/shared/folder-lock.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'integra-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const newFolder = () => path.join(scratch, `db${(folders += 1)}`);

/** A pid that belonged to a process that has since exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(folder: string, holder: Record<string, unknown>): void {
  writeFileSync(path.join(folder, LOCK_FILE_NAME), JSON.stringify({ since: '2026-01-01T00:00:00.000Z', token: 'stale', ...holder }));
}

/** Creating a PGlite folder takes seconds: the tests that need a real database share this one. */
const databaseFolder = path.join(scratch, 'shared');

describe('an embedded database folder', { timeout: 120_000 }, () => {
  it('refuses a second opener, naming the folder and the holding process, and the first keeps its data', async () => {
    const folder = databaseFolder;
    const first = await openDatabase(`pglite:${folder}`);
    try {
      const db = await first.adapter.connect();
      await db.executeScript('CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2), (3);');
      const second = openDatabase(`pglite:${folder}`);
      await expect(second).rejects.toThrow(FolderLockedError);
      await expect(openDatabase(`pglite:${folder}`)).rejects.toThrow(`${folder} is in use by process ${process.pid}`);
      const rows = await db.queryRaw({ sql: 'SELECT count(*)::int AS n FROM kept', args: [], argTypes: [] });
      expect(rows.rows).toEqual([[3]]);
      await db.dispose();
    } finally {
      await first.close();
    }
  });

  it('is free again once its opener closes it', async () => {
    const folder = databaseFolder;
    expect(existsSync(path.join(folder, LOCK_FILE_NAME))).toBe(false);
    await (await openDatabase(`pglite:${folder}`)).close();
    expect(existsSync(path.join(folder, LOCK_FILE_NAME))).toBe(false);
  });

  it('takes over the lock of a process that died without releasing it', async () => {
    const folder = databaseFolder;
    const dead = deadPid();
    writeLock(folder, { pid: dead, command: 'node killed -9' });
    const database = await openDatabase(`pglite:${folder}`);
    try {
      expect(JSON.parse(readFileSync(path.join(folder, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    } finally {
      await database.close();
    }
  });

  it('takes over a lock whose pid now belongs to another, later process', () => {
    const folder = newFolder();
    mkdirSync(folder);
    writeLock(folder, { pid: process.pid, startTime: '1' });
    lockFolder(folder).release();
  });

  it('lets exactly one of several processes started at the same moment have it, even over a dead holder', async () => {
    const folder = newFolder();
    mkdirSync(folder);
    writeLock(folder, { pid: deadPid() });
    // Each contender takes the lock and holds it until told to exit, so the winners are counted
    // while they all still run.
    const contender = `
      import { lockFolder } from ${JSON.stringify(path.join(projectRoot, 'subgraphs/shared/folder-lock.ts'))};
      try { lockFolder(${JSON.stringify(folder)}); console.log('won'); } catch (error) { console.log(error.constructor.name); }
      process.stdin.once('data', () => process.exit(0));
    `;
    const contenders = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', contender], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'inherit'] }),
    );
    const outcomes = await Promise.all(
      contenders.map((child) => new Promise<string>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())))),
    );
    for (const child of contenders) child.stdin!.end('exit\n');
    await Promise.all(contenders.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    expect(outcomes.sort()).toEqual(['FolderLockedError', 'FolderLockedError', 'FolderLockedError', 'won']);
    expect(existsSync(path.join(folder, LOCK_FILE_NAME))).toBe(false);
  });
});

function startSales(folder: string, port: number): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'subgraphs/sales/index.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, INTEGRA_DATA_DIR: scratch, SALES_DATABASE_URL: `pglite:${folder}`, SALES_PORT: String(port), LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('a subgraph process', () => {
  it('started a second time on the same folder stops with the lock message, leaving the first serving', { timeout: 180_000 }, async () => {
    const folder = newFolder();
    const first = startSales(folder, await freePort());
    try {
      await new Promise<void>((resolve, reject) => {
        first.stdout!.on('data', () => first.output().includes('"msg":"serving ') && resolve());
        first.once('exit', (code) => reject(new Error(`the first sales process exited (${code}):\n${first.output()}`)));
      });
      // The first start on a new folder says what it does, each line named for its subgraph.
      expect(first.output()).toMatch(/"service":"sales".*"msg":"creating embedded PGlite .*\.\.\."/);
      expect(first.output()).toMatch(/"service":"sales".*"msg":"applied \d+ migrations? in \d+\.\d s: /);
      expect(first.output()).toMatch(/"service":"sales".*"msg":"loaded the demo data \(\d+ rows\) in \d+\.\d s"/);
      expect(first.output()).toMatch(/"service":"sales".*"msg":"updated the planner statistics in \d+\.\d s"/);
      const second = startSales(folder, await freePort());
      expect(await exitOf(second)).toBe(1);
      expect(second.output()).toContain(`${folder} is in use by process ${first.pid}`);
      expect(second.output()).toContain('subgraphs/sales/index.ts');
      expect(first.exitCode).toBeNull();
    } finally {
      first.kill('SIGTERM');
    }
    // Its own shutdown ran to the end (exit 0, database closed), not a stop left hanging.
    expect(await exitOf(first)).toBe(0);
    expect(existsSync(path.join(folder, LOCK_FILE_NAME))).toBe(false);
  });

  it('whose port is taken stops before it creates or opens its database', { timeout: 60_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const { port } = taken.address() as net.AddressInfo;
    const folder = newFolder();
    try {
      const child = startSales(folder, port);
      expect(await exitOf(child)).toBe(1);
      expect(child.output()).toContain(`port ${port} is already in use`);
      expect(child.output()).toContain('SALES_PORT');
      expect(existsSync(folder)).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('npm run generate', () => {
  it('refuses a target folder a running process holds, and leaves its data alone', { timeout: 60_000 }, () => {
    const dir = newFolder();
    const folder = path.join(dir, 'sales');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'data-of-a-running-service'), 'kept');
    const lock = lockFolder(folder);
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts/generate.ts'), '--customers', '1', '--dir', dir], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, SALES_DATABASE_URL: '', BILLING_DATABASE_URL: '', BOOKINGS_DATABASE_URL: '', CONFERENCING_DATABASE_URL: '' },
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`is in use by process ${process.pid}`);
      expect(readFileSync(path.join(folder, 'data-of-a-running-service'), 'utf8')).toBe('kept');
    } finally {
      lock.release();
    }
  });
});
