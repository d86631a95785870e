/**
 * The platform as deployed, for benchmarks: each subgraph and the gateway in its own process
 * (the same entry points as `npm start`), on databases the caller has prepared, on free ports.
 */
import { randomBytes } from 'node:crypto';
import { demoEInvoicingEnvironment } from '../../subgraphs/billing/config.js';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import { subgraphUrlVariable } from '../../subgraphs/shared/config.js';
import { buildServices } from './build.js';
import { serviceProcess, type ServiceName } from './service-processes.js';
import { Supervisor } from './supervisor.js';
import { freePort } from './free-port.js';
import { temporaryKeyFolder } from './local-tokens.js';

export interface PlatformProcesses {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** A token the gateway accepts, signed by the issuer key of this run's key folder. */
  token(roles: readonly string[], subject?: string): Promise<string>;
  /** `Authorization` for calling a subgraph directly, as the gateway does for a person with `roles`. */
  gatewayAuthorization(roles: readonly string[], subject?: string): Promise<string>;
  /** The process id of the gateway or of a subgraph (CPU time and memory read from /proc). */
  pidOf(name: ServiceName): number;
  /** Starts one more process beside them (a peer gateway), with the same environment (subgraph URLs, key folder) and `env`; resolves with its URL and pid. */
  startBeside(name: string, entry: string, env: NodeJS.ProcessEnv): Promise<{ url: string; pid: number }>;
  stop(): Promise<void>;
}

export interface PlatformProcessOptions {
  /** Where every service's standard output (its log lines) goes: discarded by default, or an open file descriptor. */
  stdout?: 'ignore' | number;
}

/**
 * `env` is added to every process's environment (NATS_URL, ...). The processes share a key folder
 * of their own, made for this run: in production mode a service never makes its keys.
 */
export async function startPlatformProcesses(
  databaseUrls: Record<SubgraphName, string>,
  env: NodeJS.ProcessEnv = {},
  { stdout = 'ignore' }: PlatformProcessOptions = {},
): Promise<PlatformProcesses> {
  const keys = await temporaryKeyFolder();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SEED_DEMO_DATA: 'false',
    // Production requires the issuing company's data; a benchmark issues as the demo company.
    ...demoEInvoicingEnvironment(),
    // A benchmark drives the gateway from one address with one identity far beyond the limits a person needs.
    RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_PER_IDENTITY: '0',
    // No load balancer to tell: a benchmark's processes stop at once.
    SHUTDOWN_READINESS_GRACE_MS: '0',
    // Production requires it; links to campaign files need live no longer than this run.
    MAILINGS_DOWNLOAD_KEY: randomBytes(32).toString('hex'),
    ...keys.env,
    ...env,
    ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [subgraphUrlVariable(name), `http://127.0.0.1:${ports[name]}/graphql`])),
  };
  const supervisor = new Supervisor({ stdio: ['ignore', stdout, 'inherit', 'ipc'] });
  // As deployed: compiled, without the TypeScript loader.
  await buildServices();
  try {
    await Promise.all(
      SUBGRAPHS.map(({ name, envPrefix }) =>
        supervisor.start({
          name,
          ...serviceProcess(name),
          env: { ...shared, [`${envPrefix}_PORT`]: String(ports[name]), [`${envPrefix}_DATABASE_URL`]: databaseUrls[name] },
        }),
      ),
    );
    const gateway = await supervisor.start({ name: 'gateway', ...serviceProcess('gateway'), env: { ...shared, GATEWAY_PORT: String(await freePort()) } });
    const pidOf = (name: string) => {
      const pid = supervisor.pidOf(name);
      if (pid === undefined) throw new Error(`${name} is not running`);
      return pid;
    };
    return {
      gatewayUrl: gateway.url,
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, shared[subgraphUrlVariable(name)]!])) as Record<SubgraphName, string>,
      token: keys.token,
      gatewayAuthorization: keys.gatewayAuthorization,
      pidOf,
      async startBeside(name, entry, extraEnv) {
        const { url } = await supervisor.start({ name, entry, env: { ...shared, ...extraEnv } });
        return { url, pid: pidOf(name) };
      },
      async stop() {
        await supervisor.stop();
        keys.remove();
      },
    };
  } catch (error) {
    await supervisor.stop();
    keys.remove();
    throw error;
  }
}
