/**
 * Gateway configuration, read once at start-up. In development every subgraph URL defaults
 * to its local port; in production (NODE_ENV=production) each must be given.
 */
import { cleanEnv, port, str, type Spec } from 'envalid';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { subgraphUrlSpec, subgraphUrlVariable, throwOnInvalidEnv, withNodeEnvDefault } from '../subgraphs/shared/config.js';

export interface GatewayConfig {
  port: number;
  production: boolean;
  subgraphUrls: Record<SubgraphName, string>;
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const specs: Record<string, Spec<unknown>> = {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    GATEWAY_PORT: port({ default: 4000, desc: 'port the gateway listens on' }),
  };
  for (const { name } of SUBGRAPHS) specs[subgraphUrlVariable(name)] = subgraphUrlSpec(name, env);
  const clean = cleanEnv(withNodeEnvDefault(env), specs, { reporter: throwOnInvalidEnv }) as Record<string, unknown>;
  return {
    port: clean.GATEWAY_PORT as number,
    production: clean.NODE_ENV === 'production',
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, clean[subgraphUrlVariable(name)] as string])) as Record<
      SubgraphName,
      string
    >,
  };
}
