/**
 * The committed schemas are what the subgraphs compose to today, and a composition error
 * reaches the operator in the composer's own words.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompositionError, composeSupergraph } from '../../gateway/composition.js';
import { API_SCHEMA_FILE, SUPERGRAPH_FILE } from '../../gateway/schema-files.js';

describe('committed schemas', () => {
  const composed = composeSupergraph();

  it('gateway/supergraph.graphql is the current composition (run npm run codegen if not)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composed.supergraphSdl);
  });

  it('gateway/api-schema.graphql is the current public API (run npm run codegen if not)', () => {
    expect(readFileSync(API_SCHEMA_FILE, 'utf8')).toBe(composed.apiSchemaSdl);
  });

  it('keeps federation internals out of the public API', () => {
    expect(composed.apiSchemaSdl).not.toMatch(/join__|link__|_entities|_service/);
    expect(composed.apiSchemaSdl).toMatch(/currentBilling: BillingSummary\n/);
  });
});

describe('composition errors', () => {
  it('stop with the composer\'s messages, naming the subgraphs in conflict', () => {
    const breakBilling = (file: string) => {
      const sdl = readFileSync(file, 'utf8');
      // Billing declaring Money.amount as a Float clashes with sales' String.
      return file.includes('/billing/') ? sdl.replace(/(type Money [^{]*\{\n\s+amount: )String!/, '$1Float!') : sdl;
    };
    let error: unknown;
    try {
      composeSupergraph(breakBilling);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CompositionError);
    expect((error as CompositionError).messages.join('\n')).toMatch(/Money\.amount.*billing/s);
  });
});
