/**
 * One process's connection to a shared database, which a test can freeze: while frozen, each
 * statement it sends waits, as those of a stopped (SIGSTOP, a long pause) or cut-off process
 * would, and goes through on thaw. A process that dies is one frozen for good. Transactions
 * already begun carry on, so that freezing never leaves a lock held (PGlite runs one
 * transaction at a time): freeze a process between its transactions.
 */
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

export interface FreezableDatabase {
  adapter: SqlDriverAdapterFactory;
  freeze(): void;
  thaw(): void;
  readonly frozen: boolean;
}

export function freezableDatabase(factory: SqlDriverAdapterFactory): FreezableDatabase {
  let thawed: Promise<void> | null = null;
  let thaw = () => {};
  const whenThawed = <T>(call: () => Promise<T>): Promise<T> => (thawed ? thawed.then(call) : call());

  function gated<T extends SqlQueryable>(target: T): T {
    return new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'queryRaw' || property === 'executeRaw' || property === 'executeScript' || property === 'startTransaction') {
          return (...args: unknown[]) => whenThawed(() => value.apply(object, args));
        }
        return value.bind(object);
      },
    });
  }

  return {
    adapter: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async (): Promise<SqlDriverAdapter> => gated(await factory.connect()),
    },
    freeze() {
      thawed ??= new Promise<void>((resolve) => (thaw = resolve));
    },
    thaw() {
      thaw();
      thawed = null;
    },
    get frozen() {
      return thawed !== null;
    },
  };
}
