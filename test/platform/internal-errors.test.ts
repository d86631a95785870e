/** Nothing internal (SQL, driver messages, stacks) reaches a client in production. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSalesPrisma, type SalesPrisma } from '../../subgraphs/sales/database.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { defaultLogger } from '../../subgraphs/shared/observability/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';

let database: TestDatabase;
let prisma: SalesPrisma;

beforeAll(async () => {
  database = await createTestDatabase('sales');
  prisma = createSalesPrisma(database.adapter);
  // A broken database is the unexpected failure every resolver can meet.
  await prisma.$executeRawUnsafe('ALTER TABLE "Customer" RENAME TO "CustomerGone"');
});

afterAll(async () => {
  await prisma.$disconnect();
  await database.close();
});

const QUERY = '{ customers(first: 1) { edges { node { id } } } }';

describe('an unexpected failure', () => {
  it('reaches a production client as a generic INTERNAL_SERVER_ERROR, and is logged', async () => {
    const log = vi.spyOn(defaultLogger(), 'error').mockImplementation(() => {});
    const result = await execute(buildSalesServer(prisma, { production: true }), QUERY);
    expect(result.errors).toEqual([{ message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['customers'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it('keeps its message in development, where the developer needs it', async () => {
    const log = vi.spyOn(defaultLogger(), 'error').mockImplementation(() => {});
    const result = await execute(buildSalesServer(prisma, { production: false }), QUERY);
    expect(result.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(result.errors![0]!.message).toMatch(/Customer/);
    log.mockRestore();
  });
});
