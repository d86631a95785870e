/** The business systems Integra federates: one subgraph each, with its default port; and where the project's files are. */
import { existsSync } from 'node:fs';
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

/**
 * The project's root: the nearest folder above this file with a package.json. Found, not
 * assumed, because the same code runs from source and from the build in dist/ (npm run build),
 * and both read the schemas and migrations from the source tree.
 */
export const projectRoot = (() => {
  for (let folder = path.dirname(fileURLToPath(import.meta.url)); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
  }
})();

export const subgraphsDir = path.join(projectRoot, 'subgraphs');

export function schemaFileOf(name: SubgraphName): string {
  return path.join(subgraphsDir, name, 'schema.graphql');
}

export function catalogEntry(name: SubgraphName) {
  const entry = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!entry) throw new Error(`Unknown subgraph ${name}`);
  return entry;
}

/** The vendored FatturaPA and SdI schemas (XSD), read from the source tree as the GraphQL schemas are. */
export const EINVOICE_SCHEMA_FOLDER = path.join(subgraphsDir, 'billing', 'einvoice', 'schema');
