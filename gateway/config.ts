/**
 * Gateway configuration, read once at start-up. In development every subgraph URL defaults
 * to its local port; in production (NODE_ENV=production) each must be given.
 */
import { cleanEnv, host, makeValidator, port, str, type Spec } from 'envalid';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { CORS_ORIGINS_SPEC, maxQueryCostSpec, subgraphUrlSpec, subgraphUrlVariable, throwOnInvalidEnv, withNodeEnvDefault } from '../subgraphs/shared/config.js';

export interface GatewayConfig {
  port: number;
  /**
   * Undefined: every interface. The gateway is the public entry point (and Sandbox's page), so
   * unlike the subgraphs it is reachable from other machines unless GATEWAY_HOST says otherwise.
   */
  host: string | undefined;
  corsOrigins: string[];
  production: boolean;
  subgraphUrls: Record<SubgraphName, string>;
  /** How long the gateway waits for one subgraph's answer before reporting it unavailable. */
  subgraphTimeoutMs: number;
  /** The most an operation may cost, priced from the supergraph's @cost and @listSize. */
  maxQueryCost: number;
}

const positiveMilliseconds = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`expected a whole number of milliseconds above 0, got "${input}"`);
  return value;
});

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const specs: Record<string, Spec<unknown>> = {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    GATEWAY_PORT: port({ default: 4000, desc: 'port the gateway listens on' }),
    GATEWAY_HOST: host({ default: undefined, desc: 'interface the gateway listens on; unset: every interface' }),
    CORS_ORIGINS: CORS_ORIGINS_SPEC,
    SUBGRAPH_TIMEOUT_MS: positiveMilliseconds({ default: 5000, desc: 'milliseconds the gateway waits for a subgraph before answering without it' }),
    MAX_QUERY_COST: maxQueryCostSpec(),
  };
  for (const { name } of SUBGRAPHS) specs[subgraphUrlVariable(name)] = subgraphUrlSpec(name, env);
  const clean = cleanEnv(withNodeEnvDefault(env), specs, { reporter: throwOnInvalidEnv }) as Record<string, unknown>;
  return {
    port: clean.GATEWAY_PORT as number,
    host: (clean.GATEWAY_HOST as string | undefined) || undefined,
    corsOrigins: clean.CORS_ORIGINS as string[],
    production: clean.NODE_ENV === 'production',
    subgraphTimeoutMs: clean.SUBGRAPH_TIMEOUT_MS as number,
    maxQueryCost: clean.MAX_QUERY_COST as number,
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, clean[subgraphUrlVariable(name)] as string])) as Record<
      SubgraphName,
      string
    >,
  };
}
