/**
 * A fresh PostgreSQL database for a benchmark, created on the server an admin URL reaches
 * (`postgres://postgres@127.0.0.1:5432/postgres`) under a name of its own, and dropped afterwards
 * even while a service still holds connections to it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `label` becomes part of the name (`integra_bench_<label>_<random>`): letters, digits and underscores. */
export async function createBenchDatabase(adminUrl: string, label: string): Promise<BenchDatabase> {
  if (!/^\w+$/.test(label)) throw new Error(`a benchmark database label is letters, digits and underscores, got ${label}`);
  const name = `integra_bench_${label}_${randomBytes(3).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
