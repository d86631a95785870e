/**
 * Gateway configuration, read once at start-up. In development every subgraph URL defaults
 * to its local port; in production (NODE_ENV=production) each must be given.
 */
import { cleanEnv, port, str, url, type Spec } from 'envalid';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { throwOnInvalidEnv, withNodeEnvDefault } from '../subgraphs/shared/config.js';

export interface GatewayConfig {
  port: number;
  production: boolean;
  subgraphUrls: Record<SubgraphName, string>;
}

export function urlVariableOf(envPrefix: string): string {
  return `${envPrefix}_URL`;
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const specs: Record<string, Spec<unknown>> = {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    GATEWAY_PORT: port({ default: 4000, desc: 'port the gateway listens on' }),
  };
  for (const { name, envPrefix, defaultPort } of SUBGRAPHS) {
    specs[urlVariableOf(envPrefix)] = url({ devDefault: `http://127.0.0.1:${defaultPort}/graphql`, desc: `GraphQL endpoint of the ${name} subgraph` });
  }
  const clean = cleanEnv(withNodeEnvDefault(env), specs, { reporter: throwOnInvalidEnv }) as Record<string, unknown>;
  return {
    port: clean.GATEWAY_PORT as number,
    production: clean.NODE_ENV === 'production',
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name, envPrefix }) => [name, clean[urlVariableOf(envPrefix)] as string])) as Record<
      SubgraphName,
      string
    >,
  };
}
