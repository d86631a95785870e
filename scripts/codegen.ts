/**
 * `npm run codegen`: every generated file, from its sources, in one command.
 *   prisma/<subgraph>/schema.prisma      -> subgraphs/<subgraph>/generated/prisma/
 *   subgraphs/<subgraph>/schema.graphql  -> gateway/supergraph.graphql, gateway/api-schema.graphql
 *   schemas + test/client/operations     -> subgraphs/<subgraph>/generated/graphql.ts, test/client/generated/
 *   schemas' @requiresScopes             -> README.md's role table (npm run roles)
 * CI runs it and fails on any difference (`git diff --exit-code`).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { composeSupergraph } from '../gateway/composition.js';
import { SUPERGRAPH_FILE, API_SCHEMA_FILE } from '../gateway/schema-files.js';
import { schemaPathOf } from '../prisma/engine/migrations.js';
import { SUBGRAPHS } from '../subgraphs/catalog.js';
import { projectRoot } from '../subgraphs/shared/config.js';
import codegenConfig from '../codegen.js';
import { writeRoleTable } from './lib/role-table.js';

// `prisma generate` never runs the schema engine, but the CLI insists the binary exists
// and would try to download it; any existing file satisfies it (see README, "Offline").
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath };
const prismaCli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');

for (const { name } of SUBGRAPHS) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPathOf(name)], { env, stdio: 'pipe' });
  console.log(`prisma client     subgraphs/${name}/generated/prisma/`);
}

const { supergraphSdl, apiSchemaSdl } = composeSupergraph();
writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
writeFileSync(API_SCHEMA_FILE, apiSchemaSdl);
console.log(`supergraph        ${path.relative(projectRoot, SUPERGRAPH_FILE)}`);
console.log(`public API schema ${path.relative(projectRoot, API_SCHEMA_FILE)}`);

await generate({ ...codegenConfig, cwd: projectRoot, silent: true }, true);
console.log('graphql types     subgraphs/*/generated/graphql.ts, test/client/generated/');

writeRoleTable();
console.log('role table        README.md (Roles)');
