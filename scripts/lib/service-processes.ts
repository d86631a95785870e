/**
 * How each service's process is started wherever this project starts them (npm start, the
 * benchmarks): its compiled entry (scripts/lib/build.ts) and the Node options it runs with.
 */
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { builtFile } from './build.js';

export type ServiceName = SubgraphName | 'gateway';

/**
 * A subgraph answering a page of 100 customers holds hundreds of rows and entities while each
 * request is in flight: with V8's default young generation (16 MB semi-spaces) they survive
 * scavenge after scavenge and the collector took a third of conferencing's CPU. Twice that room
 * cost 10 to 25% less CPU per request (scripts/bench-subgraphs.ts) for 20 to 35 MB more peak
 * RSS (conferencing's peak fell, fewer objects promoted to the old generation).
 */
const READ_HEAVY_SUBGRAPH = ['--max-semi-space-size=32'];

/**
 * A mass mailing promotes a steady stream of short-lived letters and pages into V8's old
 * generation; with no ceiling, V8 let that garbage grow to about 250 MB before collecting it,
 * while what the service really holds stays near 100 MB whatever the audience (customers are
 * read, printed and mailed a page at a time). The ceiling makes V8 collect sooner.
 */
const NODE_OPTIONS: Partial<Record<ServiceName, string[]>> = {
  mailings: ['--max-old-space-size=192'],
  sales: READ_HEAVY_SUBGRAPH,
  billing: READ_HEAVY_SUBGRAPH,
  bookings: READ_HEAVY_SUBGRAPH,
  conferencing: READ_HEAVY_SUBGRAPH,
};

export function serviceProcess(name: ServiceName): { entry: string; execArgv: string[] } {
  return {
    entry: builtFile(name === 'gateway' ? 'gateway/index.ts' : `subgraphs/${name}/index.ts`),
    execArgv: NODE_OPTIONS[name] ?? [],
  };
}
