/**
 * PostgreSQL's LISTEN/NOTIFY, the same on both kinds of database: a notification is sent when
 * the transaction that raised it commits, and never for one rolled back. A PostgreSQL server
 * needs a connection of its own for listening (a pooled one may be handed to someone else);
 * when it breaks it is opened again, and whoever listens keeps its own slower fallback (the
 * event relay polls) for the notifications missed meanwhile.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Calls `onNotification` for each notification on `channel` until the answered function is called. */
export type Listen = (channel: string, onNotification: () => void) => Promise<() => Promise<void>>;

const RECONNECT_DELAY_MS = 1_000;

export function listenOnPGlite(pglite: PGlite): Listen {
  return (channel, onNotification) => pglite.listen(channel, () => onNotification());
}

export function listenOnServer(connectionString: string, log: (line: string) => void = () => {}): Listen {
  return async (channel, onNotification) => {
    let stopped = false;
    let client = null as pg.Client | null;
    let retry: NodeJS.Timeout | null = null;

    const open = async (): Promise<void> => {
      const candidate = new pg.Client({ connectionString });
      candidate.on('notification', (message) => {
        if (message.channel === channel) onNotification();
      });
      candidate.on('error', (error) => reopen(error));
      candidate.on('end', () => reopen(null));
      client = candidate;
      await candidate.connect();
      await candidate.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
      // Whatever was recorded while no one listened is looked for now.
      onNotification();
    };
    // Reconnecting is for a connection that worked once; a first one that fails is the caller's to handle.
    let established = false;
    const reopen = (error: Error | null): void => {
      if (stopped || retry || !established) return;
      log(`database notifications on "${channel}" interrupted${error ? ` (${error.message})` : ''}; listening again in ${RECONNECT_DELAY_MS} ms`);
      const broken = client;
      client = null;
      broken?.removeAllListeners('end');
      void broken?.end().catch(() => {});
      retry = setTimeout(() => {
        retry = null;
        open().catch((failure: Error) => reopen(failure));
      }, RECONNECT_DELAY_MS);
    };

    try {
      await open();
      established = true;
    } catch (error) {
      stopped = true;
      await client?.end().catch(() => {});
      throw error;
    }
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      current?.removeAllListeners('end');
      await current?.end().catch(() => {});
    };
  };
}
