/**
 * Composes the supergraph from the subgraphs' own schema files, the same way at start-up,
 * in `npm run codegen` and in the staleness test, so the three can never disagree.
 */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { SUBGRAPHS, schemaFileOf } from '../subgraphs/catalog.js';

export class CompositionError extends Error {
  constructor(readonly messages: string[]) {
    super(`The subgraph schemas do not compose:\n${messages.map((message) => `  - ${message}`).join('\n')}`);
  }
}

export interface ComposedSupergraph {
  supergraphSdl: string;
  apiSchemaSdl: string;
}

/** `routingUrl`s in the SDL are placeholders: the gateway routes with its configured URLs. */
export function composeSupergraph(readSchema: (file: string) => string = (file) => readFileSync(file, 'utf8')): ComposedSupergraph {
  const result = composeServices(
    SUBGRAPHS.map(({ name, defaultPort }) => ({
      name,
      url: `http://localhost:${defaultPort}/graphql`,
      typeDefs: parse(readSchema(schemaFileOf(name))),
    })),
  );
  if (result.errors) throw new CompositionError(result.errors.map((error) => error.message));
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchemaSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
  };
}
