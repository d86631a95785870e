/**
 * `npm run compose [-- --out file]`: composes the supergraph from the subgraphs' schema files and
 * writes it where the gateway's SUPERGRAPH_PATH can serve it (gateway/supergraph.graphql, which
 * codegen also writes, by default). A composition error stops with the composer's messages and
 * leaves the file as it was.
 *
 * The file is written beside its target and renamed over it: a gateway watching it never reads
 * half a supergraph.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompositionError, composeSupergraph } from '../gateway/composition.js';
import { SUPERGRAPH_FILE } from '../gateway/schema-files.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: SUPERGRAPH_FILE } } });
const target = path.resolve(values.out!);

let supergraphSdl: string;
try {
  ({ supergraphSdl } = composeSupergraph());
} catch (error) {
  if (!(error instanceof CompositionError)) throw error;
  console.error(`compose: ${error.message}`);
  process.exit(1);
}
const staging = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
writeFileSync(staging, supergraphSdl);
renameSync(staging, target);
console.log(`supergraph        ${target}`);
