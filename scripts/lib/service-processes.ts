/**
 * How each service's process is started wherever this project starts them (npm start, the
 * benchmarks): its compiled entry (scripts/lib/build.ts) and the Node options it runs with.
 */
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { builtFile } from './build.js';

export type ServiceName = SubgraphName | 'gateway';

/**
 * A mass mailing promotes a steady stream of short-lived letters and pages into V8's old
 * generation; with no ceiling, V8 let that garbage grow to about 250 MB before collecting it,
 * while what the service really holds stays near 100 MB whatever the audience (customers are
 * read, printed and mailed a page at a time). The ceiling makes V8 collect sooner.
 */
const NODE_OPTIONS: Partial<Record<ServiceName, string[]>> = {
  mailings: ['--max-old-space-size=192'],
};

export function serviceProcess(name: ServiceName): { entry: string; execArgv: string[] } {
  return {
    entry: builtFile(name === 'gateway' ? 'gateway/index.ts' : `subgraphs/${name}/index.ts`),
    execArgv: NODE_OPTIONS[name] ?? [],
  };
}
