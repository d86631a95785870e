/**
 * Parents of the GraphQL types that have no row of their own here. Customers belong to sales:
 * bookings knows a customer only by the id the gateway hands it.
 */
export type CustomerRef = { id: string };
