/** Starts the bookings subgraph as its own process (port BOOKINGS_PORT, database BOOKINGS_DATABASE_URL). */
import { runSubgraph } from '../shared/main.js';
import { createBookingsPrisma } from './database.js';
import { seedBookingsDemoData } from './seed.js';
import { buildBookingsServer } from './server.js';

await runSubgraph({
  name: 'bookings',
  createClient: (database) => createBookingsPrisma(database.adapter),
  seedDemoData: seedBookingsDemoData,
  buildServer: buildBookingsServer,
});
