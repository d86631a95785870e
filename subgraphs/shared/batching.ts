/**
 * Helpers for DataLoader batch functions: a batch is one `findMany … in keys`, and these
 * put its rows back in the order of the keys, as DataLoader requires.
 */
import DataLoader from 'dataloader';

export function oneByKey<Row, Key>(keys: readonly Key[], rows: Row[], keyOf: (row: Row) => Key): (Row | null)[] {
  const byKey = new Map<Key, Row>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

export function manyByKey<Row, Key>(keys: readonly Key[], rows: Row[], keyOf: (row: Row) => Key): Row[][] {
  const byKey = new Map<Key, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}

/** Ids that are not UUIDs cannot exist; leaving them out keeps PostgreSQL from rejecting the batch. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function uuidsOnly(keys: readonly string[]): string[] {
  return keys.filter(isUuid);
}

/**
 * The loader every entity reference goes through: one `findMany` for all the ids of a
 * request (ids that cannot exist left out), rows back in key order, null for a missing id.
 */
export function loaderById<Row extends { id: string }>(findByIds: (ids: string[]) => Promise<Row[]>): DataLoader<string, Row | null> {
  return new DataLoader<string, Row | null>(async (ids) => oneByKey(ids, await findByIds(uuidsOnly(ids)), (row) => row.id));
}
