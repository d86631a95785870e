/**
 * The generated data set `npm run bench` measures on: one database per subgraph (PostgreSQL
 * databases integra_bench_<subgraph>, or with PGlite folders under bench-data/peers-<N>), filled
 * by `npm run generate`. A complete set of the asked size, marked as such when its generation
 * ended, is reused unless `regenerate`; the caller says which happened.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import { projectRoot } from '../../subgraphs/shared/config.js';

export interface DataSetOptions {
  pglite: boolean;
  customers: number;
  regenerate: boolean;
  postgresAdminUrl: string;
}

export interface BenchCustomer {
  id: string;
  legalName: string;
}

export interface DataSet {
  databaseUrls: Record<SubgraphName, string>;
  /** How it was come by, for the report: generated now (with the time), or reused. */
  origin: string;
  customers: BenchCustomer[];
  invoiceIds: string[];
}

function marker(customers: number): string {
  return `integra bench data set: ${customers} customers, complete`;
}

async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withPglite<T>(folder: string, work: (client: PGlite) => Promise<T>): Promise<T> {
  const client = new PGlite(folder);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** Rows of one statement on a subgraph's database, whichever kind. */
async function rowsOf<T>(url: string, sql: string): Promise<T[]> {
  if (url.startsWith('pglite:')) return withPglite(url.slice('pglite:'.length), async (client) => (await client.query<T>(sql)).rows);
  return withPostgres(url, async (client) => (await client.query(sql)).rows as T[]);
}

function postgresUrls(adminUrl: string): Record<SubgraphName, string> {
  return Object.fromEntries(
    SUBGRAPHS.map(({ name }) => {
      const url = new URL(adminUrl);
      url.pathname = `/integra_bench_${name}`;
      return [name, url.toString()];
    }),
  ) as Record<SubgraphName, string>;
}

async function postgresIsComplete(adminUrl: string, customers: number): Promise<boolean> {
  const comments = await withPostgres(adminUrl, async (client) =>
    (await client.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE 'integra_bench_%'`)).rows as { comment: string | null }[],
  );
  return comments.filter((row) => row.comment === marker(customers)).length === SUBGRAPHS.length;
}

async function recreatePostgres(adminUrl: string): Promise<void> {
  await withPostgres(adminUrl, async (client) => {
    for (const { name } of SUBGRAPHS) {
      await client.query(`DROP DATABASE IF EXISTS "integra_bench_${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "integra_bench_${name}"`);
    }
  });
}

async function markPostgres(adminUrl: string, customers: number): Promise<void> {
  await withPostgres(adminUrl, async (client) => {
    for (const { name } of SUBGRAPHS) await client.query(`COMMENT ON DATABASE "integra_bench_${name}" IS '${marker(customers)}'`);
  });
}

function generate(customers: number, env: NodeJS.ProcessEnv, dir?: string): Promise<void> {
  const args = ['--import', 'tsx', path.join(projectRoot, 'scripts/generate.ts'), '--customers', String(customers), ...(dir ? ['--dir', dir] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run generate exited with ${code}`))));
  });
}

export async function prepareDataSet({ pglite, customers, regenerate, postgresAdminUrl }: DataSetOptions): Promise<DataSet> {
  const started = performance.now();
  let databaseUrls: Record<SubgraphName, string>;
  let reused: boolean;
  if (pglite) {
    const dir = path.join(projectRoot, 'bench-data', `peers-${customers}`);
    const markerFile = path.join(dir, 'complete.txt');
    databaseUrls = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, `pglite:${path.join(dir, name)}`])) as Record<SubgraphName, string>;
    reused = !regenerate && existsSync(markerFile) && readFileSync(markerFile, 'utf8') === marker(customers);
    if (!reused) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await generate(customers, {}, dir);
      writeFileSync(markerFile, marker(customers));
    }
  } else {
    databaseUrls = postgresUrls(postgresAdminUrl);
    reused = !regenerate && (await postgresIsComplete(postgresAdminUrl, customers));
    if (!reused) {
      await recreatePostgres(postgresAdminUrl);
      await generate(customers, Object.fromEntries(SUBGRAPHS.map(({ name, envPrefix }) => [`${envPrefix}_DATABASE_URL`, databaseUrls[name]])));
      await markPostgres(postgresAdminUrl, customers);
    }
  }
  const kind = pglite ? 'PGlite folders' : 'PostgreSQL databases';
  const origin = reused
    ? `reused the ${kind} of an earlier run (${customers} customers, complete); --regenerate makes them anew`
    : `generated now into fresh ${kind} in ${((performance.now() - started) / 1000).toFixed(0)} s`;
  return {
    databaseUrls,
    origin,
    customers: await rowsOf<BenchCustomer>(databaseUrls.sales, `SELECT id::text AS id, "legalName" AS "legalName" FROM "Customer" ORDER BY id`),
    invoiceIds: (await rowsOf<{ id: string }>(databaseUrls.billing, `SELECT id::text AS id FROM "Invoice" ORDER BY id`)).map((row) => row.id),
  };
}
