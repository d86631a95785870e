/**
 * Bulk loading for the benchmark generator. Prisma's createMany binds one parameter per
 * value (measured here: about 4,500 rows/s, on PGlite and PostgreSQL alike); binding one
 * array per column and letting PostgreSQL `unnest` them loads the same rows in a single
 * statement with a handful of parameters. Same SQL on PGlite and PostgreSQL.
 */
export interface RawExecutor {
  $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

const columnTypesCache = new Map<string, Map<string, string>>();

async function columnTypesOf(db: RawExecutor, table: string): Promise<Map<string, string>> {
  let types = columnTypesCache.get(table);
  if (!types) {
    const rows = await db.$queryRawUnsafe<{ name: string; type: string }[]>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
         FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      `"${table}"`,
    );
    types = new Map(rows.map((row) => [row.name, row.type]));
    columnTypesCache.set(table, types);
  }
  return types;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // A PostgreSQL array literal, each element quoted, so commas and braces inside stay text.
  if (Array.isArray(value)) return `{${value.map((element) => `"${String(element).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return String(value);
}

export async function bulkInsert(db: RawExecutor, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const types = await columnTypesOf(db, table);
  const columns = Object.keys(rows[0]!);
  const unknown = columns.filter((column) => !types.has(column));
  if (unknown.length) throw new Error(`${table} has no column ${unknown.join(', ')}`);
  const values = columns.map((column) => rows.map((row) => asText(row[column])));
  const select = columns.map((column, index) => `c${index}::${types.get(column)}`).join(', ');
  const unnest = columns.map((_, index) => `$${index + 1}::text[]`).join(', ');
  const aliases = columns.map((_, index) => `c${index}`).join(', ');
  await db.$executeRawUnsafe(
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) SELECT ${select} FROM unnest(${unnest}) AS t(${aliases})`,
    ...values,
  );
}
