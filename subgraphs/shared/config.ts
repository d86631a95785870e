/**
 * Configuration of one subgraph process, read once at start-up from the environment.
 * Development gets working defaults (embedded PGlite under .data/); in production
 * (NODE_ENV=production) the database URL is required and a missing one stops the process
 * with a message that names the variable.
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { bool, cleanEnv, EnvMissingError, host, makeValidator, port, str, url, type Spec } from 'envalid';
import { catalogEntry, projectRoot, type SubgraphName } from '../catalog.js';
import type { MetricsListenerConfig } from './observability/metrics-endpoint.js';
import { DEFAULT_MAX_QUERY_COST } from './query-limits.js';

export { projectRoot };

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

/**
 * Browser origins allowed to call a service from another site (CORS): exact origins
 * (`https://app.example.com`, scheme, host and port as the browser sends them), comma-separated.
 * None by default: Apollo Sandbox at the gateway's own address is same-origin and needs none.
 */
export const corsOriginList = makeValidator<string[]>((input) => {
  const origins = input
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    // A wildcard or a URL with a path would let in more than the sites meant.
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin || origin.includes('*')) {
      throw new Error(`"${origin}" is not an exact origin; list each site as scheme://host[:port], such as https://app.example.com, separated by commas`);
    }
  }
  return origins;
});

export const CORS_ORIGINS_SPEC = corsOriginList({ default: [], desc: 'browser origins allowed to call the services cross-origin, comma-separated exact origins; none by default' });

export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  /** The interface it listens on: 127.0.0.1 by default, as only the gateway and the other subgraphs call it. */
  host: string;
  corsOrigins: string[];
  databaseUrl: string;
  seedDemoData: boolean;
  production: boolean;
  /** The most an operation this subgraph receives may cost, priced from its schema's @cost and @listSize. */
  maxQueryCost: number;
  /** Where `/metrics` is served on a port of its own (`<SUBGRAPH>_METRICS_PORT`); undefined: nowhere but the main port, to service tokens. */
  metricsListener: MetricsListenerConfig | undefined;
}

export function readSubgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const { envPrefix, defaultPort } = catalogEntry(name);
  const dataDir = env.INTEGRA_DATA_DIR ?? path.join(projectRoot, '.data');
  const specs: Record<string, Spec<unknown>> = {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    [`${envPrefix}_PORT`]: port({ default: defaultPort, desc: `port the ${name} subgraph listens on` }),
    [`${envPrefix}_HOST`]: host({ default: '127.0.0.1', desc: `interface the ${name} subgraph listens on; 0.0.0.0 or :: for every interface` }),
    CORS_ORIGINS: CORS_ORIGINS_SPEC,
    [`${envPrefix}_DATABASE_URL`]: str({
      devDefault: `pglite:${path.join(dataDir, name)}`,
      desc: 'postgres://user@host:5432/db for a PostgreSQL server, pglite:<folder> for the embedded database',
    }),
    SEED_DEMO_DATA: bool({ default: false, devDefault: true, desc: 'load the demo data set into an empty database' }),
    MAX_QUERY_COST: maxQueryCostSpec(),
    ...metricsListenerSpecs(envPrefix, `the ${name} subgraph`),
  };
  const clean = cleanEnv(withNodeEnvDefault(env), specs, { reporter: throwOnInvalidEnv }) as Record<string, unknown>;
  return {
    name,
    port: clean[`${envPrefix}_PORT`] as number,
    host: clean[`${envPrefix}_HOST`] as string,
    corsOrigins: clean.CORS_ORIGINS as string[],
    databaseUrl: clean[`${envPrefix}_DATABASE_URL`] as string,
    seedDemoData: clean.SEED_DEMO_DATA as boolean,
    production: clean.NODE_ENV === 'production',
    maxQueryCost: clean.MAX_QUERY_COST as number,
    metricsListener: metricsListenerOf(clean, envPrefix),
  };
}

/** A port, or 0 / nothing for none. */
const optionalPort = makeValidator<number>((input) => {
  const trimmed = input.trim();
  if (trimmed === '') return 0;
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value > 65535) throw new Error(`expected a port from 1 to 65535, or 0 for none, got "${input}"`);
  return value;
});

/**
 * `<PREFIX>_METRICS_PORT` (off unless set: six services on one machine would otherwise need six
 * agreed ports, and Prometheus itself takes 9090) and METRICS_HOST, shared by every service.
 */
export function metricsListenerSpecs(envPrefix: string, service: string): Record<string, Spec<unknown>> {
  return {
    [`${envPrefix}_METRICS_PORT`]: optionalPort({ default: 0, desc: `port where ${service} serves /metrics to anyone who can reach it; unset or 0: none (the main port serves it to service tokens only)` }),
    METRICS_HOST: host({ default: '127.0.0.1', desc: 'interface the metrics listeners are bound to' }),
  };
}

export function metricsListenerOf(clean: Record<string, unknown>, envPrefix: string): MetricsListenerConfig | undefined {
  const port = clean[`${envPrefix}_METRICS_PORT`] as number;
  return port ? { port, host: clean.METRICS_HOST as string } : undefined;
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

export const positiveInteger = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || !Number.isSafeInteger(value) || value < 1) throw new Error(`must be a whole number of at least 1, got "${input}"`);
  return value;
});

/**
 * How a service proves itself to NATS, and checks the server's certificate: at most one of a
 * user and password, a token or a credentials file (NKey and user JWT, as `nsc` writes them).
 * Secrets: never logged, never part of NATS_URL.
 */
export interface NatsAuth {
  user?: string;
  password?: string;
  token?: string;
  /** Path of a `.creds` file. */
  credsFile?: string;
  /** Path of the PEM certificate(s) of the authority that signed the server's certificate. */
  tlsCaFile?: string;
  /** TLS required (a `tls://` NATS_URL, or a CA file given): the client refuses a server without it. */
  tls: boolean;
}

/** How events travel between subgraphs (subgraphs/shared/events), the same for every subgraph. */
export interface EventDeliveryConfig {
  /** JetStream when set (nats://host:4222, tls://host:4222); otherwise the embedded transport, HTTP between the subgraphs. */
  natsUrl: string | undefined;
  /** Credentials and TLS for NATS (none by default: a server that asks for none). */
  natsAuth?: NatsAuth;
  /** The JetStream stream; its subjects are its name in lower case (`integra.>`). */
  natsStream: string;
  relayPollIntervalMs: number;
  /** How long a batch a relay has claimed stays hidden from the other relays; renewed while it is being sent. */
  relayLeaseMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /**
   * How long JetStream waits for a consumer's acknowledgement before handing the event to
   * another instance (or to the same consumer once it is back): the longest a crashed consumer
   * holds its events back. A consumer still applying a batch says so every third of it.
   */
  natsAckWaitMs: number;
}

export function readEventDeliveryConfig(env: NodeJS.ProcessEnv = process.env): EventDeliveryConfig {
  // An empty NATS_URL (`NATS_URL= npm start`) means none, as an unset one does.
  const { NATS_URL: natsUrl, ...rest } = withNodeEnvDefault(env);
  const clean = cleanEnv(
    natsUrl?.trim() ? { ...rest, NATS_URL: natsUrl } : rest,
    {
      NATS_URL: natsUrlSpec({ default: undefined, desc: 'NATS server with JetStream (nats://127.0.0.1:4222, or tls://host:4222 to require TLS); unset: events go over HTTP between the subgraphs' }),
      NATS_USER: str({ default: undefined, desc: 'user name this service logs in to NATS with (with NATS_PASSWORD)' }),
      NATS_PASSWORD: str({ default: undefined, desc: 'password of NATS_USER' }),
      NATS_TOKEN: str({ default: undefined, desc: 'token this service logs in to NATS with, instead of a user' }),
      NATS_CREDS_FILE: readableFile({ default: undefined, desc: 'NATS credentials file (user JWT and NKey seed, as nsc writes them), instead of a user or token' }),
      NATS_TLS_CA_FILE: readableFile({ default: undefined, desc: "PEM file of the authority that signed the NATS server's certificate; setting it requires TLS" }),
      NATS_STREAM: str({ default: 'INTEGRA', desc: 'JetStream stream of the events; several installations can share a NATS server under different names' }),
      EVENT_RELAY_POLL_MS: positiveInteger({ default: 100, desc: 'how often a producer looks for events to deliver, in milliseconds' }),
      EVENT_RELAY_LEASE_MS: positiveInteger({
        default: 10_000,
        desc: 'how long a batch of events a relay is sending stays claimed without being renewed: the longest a relay that died holds its events back',
      }),
      EVENT_MAX_ATTEMPTS: positiveInteger({ default: 20, desc: 'deliveries of an event before it is parked' }),
      EVENT_RETRY_BASE_MS: positiveInteger({ default: 500, desc: 'wait after the first failed delivery, doubling with each failure' }),
      EVENT_RETRY_MAX_MS: positiveInteger({ default: 300_000, desc: 'longest wait between two deliveries of an event' }),
      EVENT_NATS_ACK_WAIT_MS: positiveInteger({
        default: 5_000,
        desc: 'how long JetStream waits for a consumer to acknowledge an event before delivering it again: the longest a crashed consumer holds its events back',
      }),
    },
    { reporter: throwOnInvalidEnv },
  );
  const logins = [clean.NATS_USER !== undefined || clean.NATS_PASSWORD !== undefined, clean.NATS_TOKEN !== undefined, clean.NATS_CREDS_FILE !== undefined].filter(Boolean).length;
  const problems: string[] = [];
  if ((clean.NATS_USER === undefined) !== (clean.NATS_PASSWORD === undefined)) problems.push('  NATS_USER and NATS_PASSWORD go together: set both or neither');
  if (logins > 1) problems.push('  NATS_USER/NATS_PASSWORD, NATS_TOKEN and NATS_CREDS_FILE are alternatives: set one of them');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    natsUrl: clean.NATS_URL,
    natsAuth: {
      user: clean.NATS_USER,
      password: clean.NATS_PASSWORD,
      token: clean.NATS_TOKEN,
      credsFile: clean.NATS_CREDS_FILE,
      tlsCaFile: clean.NATS_TLS_CA_FILE,
      tls: clean.NATS_URL?.startsWith('tls://') === true || clean.NATS_TLS_CA_FILE !== undefined,
    },
    natsStream: clean.NATS_STREAM,
    relayPollIntervalMs: clean.EVENT_RELAY_POLL_MS,
    relayLeaseMs: clean.EVENT_RELAY_LEASE_MS,
    maxAttempts: clean.EVENT_MAX_ATTEMPTS,
    retryBaseDelayMs: clean.EVENT_RETRY_BASE_MS,
    retryMaxDelayMs: clean.EVENT_RETRY_MAX_MS,
    natsAckWaitMs: clean.EVENT_NATS_ACK_WAIT_MS,
  };
}

/** A NATS server's URL; credentials belong in NATS_USER/NATS_PASSWORD, never in it (it is logged). */
const natsUrlSpec = makeValidator<string>((input) => {
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    throw new Error("is not a URL; give the server as nats://host:4222 or tls://host:4222");
  }
  if (!/^(nats|tls):$/.test(parsed.protocol)) throw new Error(`${parsed.protocol}// is not a NATS scheme; use nats://host:4222, or tls://host:4222 to require TLS`);
  if (parsed.username || parsed.password) throw new Error('holds a user or password; give them as NATS_USER and NATS_PASSWORD (or NATS_TOKEN), which are never logged');
  return input;
});

/** A path to a file this process can read, resolved. */
const readableFile = makeValidator<string>((input) => {
  const file = path.resolve(input.trim());
  try {
    accessSync(file, fsConstants.R_OK);
  } catch {
    throw new Error(`cannot read the file ${file}`);
  }
  return file;
});

/**
 * MAX_QUERY_COST, the same for the gateway and every subgraph: a subgraph must accept the parts
 * of every operation the gateway accepted.
 */
export function maxQueryCostSpec(): Spec<number> {
  return positiveInteger({
    default: DEFAULT_MAX_QUERY_COST,
    desc: 'the most an operation may cost: objects it may return, each list counted as many times as the items it may hold',
  });
}
