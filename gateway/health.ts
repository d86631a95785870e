/**
 * The gateway's readiness. It is ready once its supergraph is loaded and until it starts
 * shutting down (503 otherwise). A subgraph that is down does not make it 503: it still answers
 * every operation, with the other subgraphs' data and an error naming the missing one, so
 * taking it out of a load balancer would only make things worse. It answers 200 `degraded`
 * then, naming the subgraph, as Apollo Router does.
 *
 * What it knows of each subgraph comes from providers: a background probe of each subgraph's
 * `/ready` (every SUBGRAPH_PROBE_INTERVAL_MS), and whatever else is added (a circuit breaker can
 * report a subgraph it has opened on). `/ready` only reads what they last saw, so polling it
 * costs the subgraphs nothing.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { SubgraphName } from '../subgraphs/catalog.js';
import { READY_PATH, type ComponentState, type HealthProbes, type Readiness, type ReadinessReport } from '../subgraphs/shared/health/probes.js';

/** How a subgraph is doing, in one provider's view; `unknown` when it has no view of it. */
export interface SubgraphStateProvider {
  stateOf(subgraph: SubgraphName): ComponentState;
}

/** Longer than a subgraph's own database check (DATABASE_CHECK_TIMEOUT_MS), so it can answer `down` itself. */
const PROBE_TIMEOUT_MS = 3_000;

const SEVERITY: Record<ComponentState, number> = { up: 0, unknown: 1, degraded: 2, down: 3 };

/** The worst of several views: one provider seeing a subgraph down is enough. */
export function worstState(states: readonly ComponentState[]): ComponentState {
  return states.reduce<ComponentState>((worst, state) => (SEVERITY[state] > SEVERITY[worst] ? state : worst), 'up');
}

async function probeOnce(readyUrl: string): Promise<{ state: ComponentState; why: string }> {
  try {
    const response = await fetch(readyUrl, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as { status?: unknown };
    if (response.status === 200) return { state: body.status === 'degraded' ? 'degraded' : 'up', why: `its ${READY_PATH} answered ${body.status}` };
    return { state: 'down', why: `its ${READY_PATH} answered ${response.status} ${typeof body.status === 'string' ? body.status : ''}`.trimEnd() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { state: 'down', why: `no answer from its ${READY_PATH} (${cause})` };
  }
}

export interface SubgraphProbe extends SubgraphStateProvider {
  stop(): void;
}

/**
 * Asks every subgraph's `/ready` now and then every `intervalMs` after the last round ended,
 * logging each change of state with its reason (the log, unlike `/ready`, may say why).
 */
export function probeSubgraphs(subgraphUrls: Readonly<Record<SubgraphName, string>>, intervalMs: number, log: (line: string) => void): SubgraphProbe {
  const states = new Map<SubgraphName, ComponentState>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const round = async () => {
    await Promise.all(
      Object.entries(subgraphUrls).map(async ([name, url]) => {
        const { state, why } = await probeOnce(new URL(READY_PATH, url).toString());
        const before = states.get(name as SubgraphName);
        states.set(name as SubgraphName, state);
        // Said at the first round only when it is not up: a start with everything up stays quiet.
        if (before !== state && (before !== undefined || state !== 'up')) log(`gateway: subgraph ${name} is ${state} (${why})`);
      }),
    );
    if (!stopped) timer = setTimeout(round, intervalMs).unref();
  };
  void round();
  return {
    stateOf: (subgraph) => states.get(subgraph) ?? 'unknown',
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export interface GatewayHealthOptions {
  subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** SUBGRAPH_PROBE_INTERVAL_MS */
  probeIntervalMs: number;
  log?: (line: string) => void;
}

export interface GatewayHealth extends HealthProbes {
  /** Add to the gateway's Apollo Server before it starts: it tells when the supergraph is loaded. */
  plugin: ApolloServerPlugin<BaseContext>;
  /** Another view of the subgraphs (a circuit breaker's), combined with the probe's. */
  addSubgraphStateProvider(provider: SubgraphStateProvider): void;
  markStopping(): void;
  /** Stops probing the subgraphs. */
  stop(): void;
}

export function gatewayHealth({ subgraphUrls, probeIntervalMs, log = console.log }: GatewayHealthOptions): GatewayHealth {
  const probe = probeSubgraphs(subgraphUrls, probeIntervalMs, log);
  const providers: SubgraphStateProvider[] = [probe];
  const subgraphs = Object.keys(subgraphUrls) as SubgraphName[];
  let supergraphLoaded = false;
  let stopping = false;
  return {
    plugin: {
      async serverWillStart() {
        return {
          schemaDidLoadOrUpdate: () => {
            supergraphLoaded = true;
          },
        };
      },
    },
    addSubgraphStateProvider: (provider) => providers.push(provider),
    markStopping: () => {
      stopping = true;
    },
    stop: () => probe.stop(),
    async ready(): Promise<ReadinessReport> {
      const states = Object.fromEntries(subgraphs.map((name) => [name, worstState(providers.map((provider) => provider.stateOf(name)))])) as Record<string, ComponentState>;
      const allUp = Object.values(states).every((state) => state === 'up');
      const status: Readiness = stopping ? 'stopping' : !supergraphLoaded ? 'unavailable' : allUp ? 'ready' : 'degraded';
      return { status, supergraph: supergraphLoaded ? 'up' : 'down', subgraphs: states };
    },
  };
}
