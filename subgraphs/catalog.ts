/** The business systems Integra federates: one subgraph each, with its default port. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUBGRAPHS = [
  { name: 'sales', envPrefix: 'SALES', defaultPort: 4001 },
  { name: 'billing', envPrefix: 'BILLING', defaultPort: 4002 },
  { name: 'bookings', envPrefix: 'BOOKINGS', defaultPort: 4003 },
  { name: 'conferencing', envPrefix: 'CONFERENCING', defaultPort: 4004 },
  { name: 'mailings', envPrefix: 'MAILINGS', defaultPort: 4005 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const subgraphsDir = path.dirname(fileURLToPath(import.meta.url));

export function schemaFileOf(name: SubgraphName): string {
  return path.join(subgraphsDir, name, 'schema.graphql');
}

export function catalogEntry(name: SubgraphName) {
  const entry = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!entry) throw new Error(`Unknown subgraph ${name}`);
  return entry;
}
