/**
 * The services as `npm start` runs them: compiled to dist/ and started on Node alone, without
 * the TypeScript loader; on a PostgreSQL server their migrations run in a child process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, builtFile } from '../../scripts/lib/build.js';
import { freePort } from '../../scripts/lib/free-port.js';
import { Supervisor } from '../../scripts/lib/supervisor.js';
import { applyMigrationsInChildProcess } from '../../subgraphs/shared/migration-process.js';
import { postgresAdminUrl, testDatabaseMode, withAdmin } from '../support/databases.js';
import { DOUBLING_CAPTURES } from '../support/hostile-templates.js';
import { testKeyFolder } from '../support/identity.js';

const keys = await testKeyFolder();

/** A fresh database for the mode under test: a PostgreSQL database, or an embedded folder. */
async function freshDatabaseUrl(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (testDatabaseMode === 'pglite') {
    const folder = mkdtempSync(path.join(tmpdir(), `integra-${name}-`));
    return { url: `pglite:${folder}`, drop: async () => rmSync(folder, { recursive: true, force: true }) };
  }
  const database = `integra_test_${name}_${process.pid}_${Date.now()}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${database}"`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => {}) };
}

describe('a service built to dist/', () => {
  let supervisor: Supervisor;
  let database: { url: string; drop(): Promise<void> };
  let url: string;

  beforeAll(async () => {
    expect(await buildServices()).toBeGreaterThan(100);
    database = await freshDatabaseUrl('built');
    supervisor = new Supervisor({ stdio: ['ignore', 'ignore', 'inherit', 'ipc'], log: () => {} });
    const ready = await supervisor.start({
      name: 'sales',
      entry: builtFile('subgraphs/sales/index.ts'),
      env: { PATH: process.env.PATH, SALES_PORT: String(await freePort()), SALES_DATABASE_URL: database.url, SEED_DEMO_DATA: 'true', INTEGRA_KEYS_DIR: keys.dir },
    });
    url = ready.url;
  }, 180_000);

  afterAll(async () => {
    await supervisor?.stop();
    await database?.drop();
  });

  it('runs on Node alone: its migrations applied, its demo data loaded, its schema read from the source tree', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await keys.gatewayAuthorization() },
      body: JSON.stringify({ query: '{ customer(id: "a3e0a682-3cf5-4bee-a102-e16f8b5ad0cf") { legalName } }' }),
    });
    const body = (await response.json()) as { data?: { customer: { legalName: string } | null }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.customer?.legalName).toBeTruthy();
  });

  it('listens on 127.0.0.1 only, SALES_HOST unset: another interface of the machine is refused', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const elsewhere = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!elsewhere) return; // a machine with the loopback interface alone has nothing to show
    const beside = new URL(url);
    beside.hostname = elsewhere.address;
    await expect(fetch(beside, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});

describe('mailings built to dist/', () => {
  let supervisor: Supervisor;
  let database: { url: string; drop(): Promise<void> };
  let url: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'integra-built-mailings-'));

  beforeAll(async () => {
    await buildServices();
    database = await freshDatabaseUrl('built_mailings');
    supervisor = new Supervisor({ stdio: ['ignore', 'ignore', 'inherit', 'ipc'], log: () => {} });
    // Saving a template needs neither sales nor billing: nothing listens at the URLs it is given.
    const ready = await supervisor.start({
      name: 'mailings',
      entry: builtFile('subgraphs/mailings/index.ts'),
      env: { PATH: process.env.PATH, MAILINGS_PORT: String(await freePort()), MAILINGS_DATABASE_URL: database.url, INTEGRA_DATA_DIR: dataDir, SEED_DEMO_DATA: 'false', INTEGRA_KEYS_DIR: keys.dir },
    });
    url = ready.url;
  }, 180_000);

  afterAll(async () => {
    await supervisor?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const save = async (name: string, body: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await keys.gatewayAuthorization() },
      body: JSON.stringify({ query: 'mutation ($input: LetterTemplateInput!) { createLetterTemplate(input: $input) { name } }', variables: { input: { name, subject: 'Oggetto', body } } }),
    });
    return (await response.json()) as { data?: { createLetterTemplate: { name: string } } | null; errors?: { extensions?: Record<string, unknown>; message: string }[] };
  };

  it('renders templates in its render worker, compiled too: an ordinary one is saved, a heavy one refused', async () => {
    expect(await save('Ordinario', 'Gentile {{ recipient.name }}')).toEqual({ data: { createLetterTemplate: { name: 'Ordinario' } } });
    const heavy = await save('Pesante', DOUBLING_CAPTURES);
    expect(heavy.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    expect(heavy.errors?.[0]?.message).toMatch(/cannot be rendered: rendering makes more than/);
  });
});

describe.skipIf(testDatabaseMode !== 'postgres')('migrations in a child process (PostgreSQL server)', () => {
  it('applies the pending ones, then none, and reports the names', async () => {
    const database = await freshDatabaseUrl('child_migrations');
    try {
      const applied = await applyMigrationsInChildProcess('mailings', database.url);
      expect(applied.length).toBeGreaterThan(0);
      expect(applied[0]).toMatch(/^\d{14}_/);
      expect(await applyMigrationsInChildProcess('mailings', database.url)).toEqual([]);
    } finally {
      await database.drop();
    }
  }, 120_000);

  it("passes on the engine's reason when they cannot be applied", async () => {
    const url = new URL(postgresAdminUrl);
    url.pathname = '/integra_no_such_database';
    await expect(applyMigrationsInChildProcess('mailings', url.toString())).rejects.toThrow(/integra_no_such_database/);
  }, 120_000);
});
