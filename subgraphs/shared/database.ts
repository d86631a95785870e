/**
 * One place that turns a subgraph's database URL into a Prisma driver adapter:
 * `postgres://…` for a PostgreSQL server, `pglite:<folder>` for the embedded default,
 * `pglite:memory` for tests. Every statement is counted at the adapter, below Prisma,
 * so tests and benchmarks can see exactly how many round trips a request costs. An embedded
 * folder is locked for as long as it is open (folder-lock.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQueryable,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { listenOnPGlite, listenOnServer, type Listen } from './database-notifications.js';
import { lockFolder } from './folder-lock.js';

export type DatabaseKind = 'postgres' | 'pglite';

export class QueryCounter {
  private count = 0;
  increment(): void {
    this.count += 1;
  }
  get total(): number {
    return this.count;
  }
  reset(): void {
    this.count = 0;
  }
}

export interface Database {
  kind: DatabaseKind;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  queries: QueryCounter;
  /** LISTEN/NOTIFY: the outbox tells its relay that events were committed. */
  listen: Listen;
  /** PostgreSQL's connection pool, for its metrics; an embedded database has one connection and no pool. */
  pool?: pg.Pool;
  /** An in-memory database's files as they are now, to start another from (`openDatabase`'s `startFrom`). */
  snapshot?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * `pglite:memory` only: start from these files (a `snapshot()`) instead of a new cluster.
   * PostgreSQL's initdb is most of the two seconds a new embedded database takes; the tests,
   * which open hundreds, start each from a migrated snapshot instead.
   */
  startFrom?: Blob;
}

export class InvalidDatabaseUrlError extends Error {}

/** For logs: where the data is, never the credentials. */
export function describeDatabaseUrl(url: string): string {
  if (url.startsWith('pglite:')) return `embedded PGlite (${url.slice('pglite:'.length)})`;
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed && (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:')) return `PostgreSQL ${parsed.host}${parsed.pathname}`;
  return `a database of an unsupported kind (${parsed?.protocol ?? 'not a URL'})`;
}

const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * Creates a new embedded database folder (initdb) in a child process. Done in the service's own
 * process, initdb's WebAssembly instance leaves some 500 MB resident that nothing gives back
 * (its memory is garbage, but nothing makes V8 collect it): a service would start at 800 MB.
 */
async function initialiseEmbeddedFolder(location: string): Promise<void> {
  const pgliteModule = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(process.argv[1]); const db = new PGlite(process.argv[2]); await db.waitReady; await db.close();`;
  const child = spawn(process.execPath, ['--input-type=module', '--eval', script, pgliteModule, location], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`could not create the embedded database in ${location} (exit code ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`);
}

export async function openDatabase(url: string, { startFrom }: OpenOptions = {}): Promise<Database> {
  const queries = new QueryCounter();
  if (url.startsWith('pglite:')) {
    // Loaded only for an embedded database: PGlite costs a service on a PostgreSQL server about
    // 40 MB of resident memory for nothing.
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
    // PostgreSQL's default 128 MB of shared buffers is a server's: embedded, each service would
    // hold it in its WebAssembly memory (about 300 MB resident instead of 185 MB); the operating
    // system's file cache still keeps the data files at hand.
    const options = { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
    const location = url.slice('pglite:'.length);
    if (location === 'memory') {
      const pglite = new PGlite({ ...options, ...(startFrom ? { loadDataDir: startFrom } : {}) });
      await pglite.waitReady;
      return {
        kind: 'pglite',
        adapter: countQueries(new PrismaPGlite(pglite), queries),
        queries,
        listen: listenOnPGlite(pglite),
        snapshot: () => pglite.dumpDataDir('none'),
        close: () => pglite.close(),
      };
    }
    mkdirSync(location, { recursive: true });
    // Before PGlite reads a byte: a second process in the same folder corrupts it.
    const lock = lockFolder(location);
    let pglite: InstanceType<typeof PGlite>;
    try {
      if (!existsSync(path.join(location, 'PG_VERSION'))) await initialiseEmbeddedFolder(location);
      pglite = new PGlite(location, options);
      await pglite.waitReady;
    } catch (error) {
      lock.release();
      throw error;
    }
    return {
      kind: 'pglite',
      adapter: countQueries(new PrismaPGlite(pglite), queries),
      queries,
      listen: listenOnPGlite(pglite),
      close: async () => {
        try {
          await pglite.close();
        } finally {
          lock.release();
        }
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // One pool for the process, owned here: given a URL, the adapter would open a new pool on
    // every connect, and the migration engine's would stay open after it is done.
    const pool = new pg.Pool({ connectionString: url });
    const factory = runScriptsWhole(new PrismaPg(pool));
    return { kind: 'postgres', adapter: countQueries(factory, queries), queries, listen: listenOnServer(url), pool, close: () => pool.end() };
  }
  throw new InvalidDatabaseUrlError(
    `Unsupported database URL "${url}": use postgres://user@host:port/db, pglite:<folder> or pglite:memory`,
  );
}

/**
 * @prisma/adapter-pg runs a script by splitting it at every `;`, which cuts PL/pgSQL bodies
 * (billing's invoice triggers) into pieces PostgreSQL rejects. pg's simple query protocol
 * takes a whole multi-statement script, as PGlite does, so migrations run the same on both.
 */
function runScriptsWhole(factory: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  const wholeScripts = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const pool = (adapter as Awaited<ReturnType<PrismaPg['connect']>>).underlyingDriver();
    return new Proxy(adapter, {
      get(object, property, receiver) {
        if (property === 'executeScript') {
          return async (script: string) => {
            await pool.query(script);
          };
        }
        const value = Reflect.get(object, property, receiver);
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  };
  return wrapConnections(factory, wholeScripts, wholeScripts);
}

/** The same factory, with each connection it opens passed through `wrap` (or `wrapShadow`). */
function wrapConnections(
  factory: SqlMigrationAwareDriverAdapterFactory,
  wrap: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
  wrapShadow: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrapShadow(await factory.connectToShadowDb()),
  };
}

function countingQueryable<T extends SqlQueryable>(target: T, queries: QueryCounter): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'queryRaw' || property === 'executeRaw') {
        return (...args: unknown[]) => {
          queries.increment();
          return value.apply(object, args);
        };
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) => countingQueryable(await value.apply(object, args), queries);
      }
      return value.bind(object);
    },
  });
}

/** Counts the statements of the real database; the migration engine's scratch one is not counted. */
function countQueries(factory: SqlMigrationAwareDriverAdapterFactory, queries: QueryCounter): SqlMigrationAwareDriverAdapterFactory {
  return wrapConnections(factory, (adapter) => countingQueryable(adapter, queries), (adapter) => adapter);
}
