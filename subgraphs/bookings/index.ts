/** Starts the bookings subgraph as its own process (port BOOKINGS_PORT, database
 * BOOKINGS_DATABASE_URL); it asks sales (SALES_URL) whether a customer exists before booking.. */
import { readSubgraphUrl } from '../shared/config.js';
import { runSubgraph } from '../shared/main.js';
import { salesCustomerDirectory } from './customer-directory.js';
import { createBookingsPrisma } from './database.js';
import { buildBookingsServer } from './server.js';

await runSubgraph({
  name: 'bookings',
  createClient: (database) => createBookingsPrisma(database.adapter),
  buildServer: (prisma, serving) =>
    buildBookingsServer(prisma, { ...serving, customers: salesCustomerDirectory(readSubgraphUrl('sales'), { credentials: serving.credentials }) }),
});
