/**
 * Configuration of one subgraph process, read once at start-up from the environment.
 * Development gets working defaults (embedded PGlite under .data/); in production
 * (NODE_ENV=production) the database URL is required and a missing one stops the process
 * with a message that names the variable.
 */
import path from 'node:path';
import { bool, cleanEnv, EnvMissingError, port, str, url, type Spec } from 'envalid';
import { catalogEntry, subgraphsDir, type SubgraphName } from '../catalog.js';

export const projectRoot = path.resolve(subgraphsDir, '..');

export class ConfigError extends Error {}

/**
 * envalid uses development defaults only when NODE_ENV is set; an unset NODE_ENV means
 * development here, as it does for Apollo Server.
 */
export function withNodeEnvDefault(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_ENV: env.NODE_ENV || 'development' };
}

/** envalid reporter that throws instead of exiting, so callers decide how to stop. */
export function throwOnInvalidEnv({ errors }: { errors: Partial<Record<string, Error>> }): void {
  const problems = Object.entries(errors).map(([name, error]) =>
    error instanceof EnvMissingError ? `  ${name} is required (${error.message})` : `  ${name} is invalid: ${error?.message ?? 'unknown problem'}`,
  );
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  databaseUrl: string;
  seedDemoData: boolean;
  production: boolean;
}

export function readSubgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const { envPrefix, defaultPort } = catalogEntry(name);
  const dataDir = env.INTEGRA_DATA_DIR ?? path.join(projectRoot, '.data');
  const specs: Record<string, Spec<unknown>> = {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    [`${envPrefix}_PORT`]: port({ default: defaultPort, desc: `port the ${name} subgraph listens on` }),
    [`${envPrefix}_DATABASE_URL`]: str({
      devDefault: `pglite:${path.join(dataDir, name)}`,
      desc: 'postgres://user@host:5432/db for a PostgreSQL server, pglite:<folder> for the embedded database',
    }),
    SEED_DEMO_DATA: bool({ default: false, devDefault: true, desc: 'load the demo data set into an empty database' }),
  };
  const clean = cleanEnv(withNodeEnvDefault(env), specs, { reporter: throwOnInvalidEnv }) as Record<string, unknown>;
  return {
    name,
    port: clean[`${envPrefix}_PORT`] as number,
    databaseUrl: clean[`${envPrefix}_DATABASE_URL`] as string,
    seedDemoData: clean.SEED_DEMO_DATA as boolean,
    production: clean.NODE_ENV === 'production',
  };
}

/** Where a subgraph is reached (`SALES_URL`, ...): read by the gateway and by subgraphs that ask another. */
export function subgraphUrlVariable(name: SubgraphName): string {
  return `${catalogEntry(name).envPrefix}_URL`;
}

/** The port a subgraph listens on, `<SUBGRAPH>_PORT` or its catalogue default. */
export function readSubgraphPort(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): number {
  const { envPrefix, defaultPort } = catalogEntry(name);
  const variable = `${envPrefix}_PORT`;
  const clean = cleanEnv(env, { [variable]: port({ default: defaultPort }) }, { reporter: throwOnInvalidEnv }) as Record<string, number>;
  return clean[variable]!;
}

/**
 * In development a subgraph is reached where it listens: the default follows `<SUBGRAPH>_PORT`,
 * so moving a subgraph with its port alone moves every caller of it too.
 */
export function subgraphUrlSpec(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): Spec<string> {
  return url({ devDefault: `http://127.0.0.1:${readSubgraphPort(name, env)}/graphql`, desc: `GraphQL endpoint of the ${name} subgraph` });
}

export function readSubgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  const variable = subgraphUrlVariable(name);
  const clean = cleanEnv(withNodeEnvDefault(env), { [variable]: subgraphUrlSpec(name, env) }, { reporter: throwOnInvalidEnv }) as Record<string, string>;
  return clean[variable]!;
}
