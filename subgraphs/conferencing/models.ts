/**
 * Parents of the GraphQL types that have no row of their own here. Bookings belong to the
 * bookings subgraph: conferencing knows a booking only by the id the gateway hands it.
 */
export type BookingRef = { id: string };
