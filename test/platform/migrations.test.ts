/** Every schema.prisma change has its migration, and applying migrations is repeatable. */
import { describe, expect, it } from 'vitest';
import { applyMigrations, pendingSchemaChange } from '../../prisma/engine/migrations.js';
import { SUBGRAPHS } from '../../subgraphs/catalog.js';
import { openDatabase } from '../../subgraphs/shared/database.js';
import { createTestDatabase } from '../support/databases.js';

describe.each(SUBGRAPHS.map(({ name }) => name))('%s', (subgraph) => {
  it('has a migration for everything in schema.prisma (else: npm run migrate -- new)', async () => {
    const scratch = await openDatabase('pglite:memory');
    try {
      expect(await pendingSchemaChange(subgraph, scratch.adapter)).toBe('');
    } finally {
      await scratch.close();
    }
    // Prisma's WebAssembly schema engine replays every migration into a scratch database: seconds
    // alone, half a minute on a loaded 2-core machine.
  }, 120_000);

  it('applies nothing the second time', async () => {
    const database = await createTestDatabase(subgraph);
    try {
      expect(await applyMigrations(subgraph, database.adapter)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
