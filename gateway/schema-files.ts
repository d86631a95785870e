/** Where the composed schemas are committed. */
import path from 'node:path';
import { projectRoot } from '../subgraphs/catalog.js';

const gatewayDir = path.join(projectRoot, 'gateway');

/** The full supergraph, with the federation metadata the gateway plans queries with. */
export const SUPERGRAPH_FILE = path.join(gatewayDir, 'supergraph.graphql');
/** The public API without federation internals: what client teams generate code from. */
export const API_SCHEMA_FILE = path.join(gatewayDir, 'api-schema.graphql');
