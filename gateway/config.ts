/**
 * Gateway configuration, read once at start-up. In development every subgraph URL defaults
 * to its local port; in production (NODE_ENV=production) each must be given.
 */
import { DEFAULT_ANSWER_CACHE_MB } from './answer-cache/answer-store.js';
import { DEFAULT_BATCH_MAX } from './batching/subgraph-batches.js';
import { isIP } from 'node:net';
import { bool, cleanEnv, host, makeValidator, port, str, type Spec } from 'envalid';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { CORS_ORIGINS_SPEC, maxQueryCostSpec, metricsListenerOf, metricsListenerSpecs, subgraphUrlSpec, subgraphUrlVariable, throwOnInvalidEnv, withNodeEnvDefault } from '../subgraphs/shared/config.js';
import type { TrustedProxies } from '../subgraphs/shared/http-server.js';
import type { MetricsListenerConfig } from '../subgraphs/shared/observability/metrics-endpoint.js';
import type { RateLimitSettings } from './rate-limits.js';
import type { BreakerSettings } from './subgraph-breakers.js';
import type { RetrySettings } from './subgraph-retries.js';

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
  rateLimits: RateLimitSettings;
  /** The reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY); undefined: none. */
  trustProxy: TrustedProxies | undefined;
  retry: RetrySettings;
  breaker: BreakerSettings;
  /** Identical queries for the same person in flight at once share one subgraph fetch. */
  deduplicate: boolean;
  /** Distinct query fetches of one document for the same person asked at once go as one; the most representations a merged entity fetch carries (SUBGRAPH_BATCH_MAX); 0: none are merged. */
  batchMax: number;
  /** Megabytes of stamped subgraph answers kept, each served only while its data version and clock hold (SUBGRAPH_CACHE_MB); 0: none. */
  answerCacheMb: number;
  /** A composed supergraph file to serve and reload when it changes; undefined: compose the subgraphs' schemas at start-up. */
  supergraphPath: string | undefined;
  /** Where `/metrics` is served on a port of its own (GATEWAY_METRICS_PORT); undefined: nowhere but the main port, to service tokens. */
  metricsListener: MetricsListenerConfig | undefined;
  /** How often the gateway asks each subgraph's /ready, for its own /ready. */
  subgraphProbeIntervalMs: number;
}

const positiveMilliseconds = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`expected a whole number of milliseconds above 0, got "${input}"`);
  return value;
});

const requestsPerWindow = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || !Number.isSafeInteger(value)) throw new Error(`expected a whole number of requests (0: no limit), got "${input}"`);
  return value;
});

function wholeNumberFrom(min: number, max: number, unit: string) {
  return makeValidator<number>((input) => {
    const value = Number(input);
    if (!/^\d+$/.test(input.trim()) || value < min || value > max) throw new Error(`expected a whole number of ${unit} from ${min} to ${max}, got "${input}"`);
    return value;
  });
}

const windowSeconds = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || value < 1 || value > 3600) throw new Error(`expected a whole number of seconds from 1 to 3600, got "${input}"`);
  return value;
});

/** Express's names for the loopback, link-local and private ranges. */
const NAMED_SUBNETS = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrSubnet(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `true` (trust every proxy) is refused: any client could then name any address in
 * X-Forwarded-For and escape its limit. A number trusts that many hops in front of the gateway.
 */
const trustedProxies = makeValidator<TrustedProxies | undefined>((input) => {
  const trimmed = input.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim());
  const wrong = entries.find((entry) => !NAMED_SUBNETS.includes(entry) && !isAddressOrSubnet(entry));
  if (wrong !== undefined) {
    throw new Error(`"${wrong}" is not a proxy address; list the proxies' addresses or subnets (10.0.0.5, 10.0.0.0/8, loopback), comma-separated, or give the number of proxies in front of the gateway`);
  }
  return entries;
});

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const specs: Record<string, Spec<unknown>> = {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    GATEWAY_PORT: port({ default: 4000, desc: 'port the gateway listens on' }),
    GATEWAY_HOST: host({ default: undefined, desc: 'interface the gateway listens on; unset: every interface' }),
    CORS_ORIGINS: CORS_ORIGINS_SPEC,
    SUBGRAPH_TIMEOUT_MS: positiveMilliseconds({ default: 5000, desc: 'milliseconds the gateway waits for a subgraph before answering without it' }),
    MAX_QUERY_COST: maxQueryCostSpec(),
    // A window of 10 s lets a burst through at once (a page loading its data, the bridge at the
    // top of the hour) and holds a script that keeps hammering back within seconds.
    RATE_LIMIT_WINDOW_SECONDS: windowSeconds({ default: 10, desc: 'the window of both rate limits, in seconds' }),
    // 50 a second on average: far above a person clicking through pages (a few a second at
    // most), and above the bridge, one identity for all its calls, at the top of the hour
    // (500 calls starting with 8 participants each within a few minutes: about 25 a second).
    RATE_LIMIT_PER_IDENTITY: requestsPerWindow({ default: 500, desc: 'requests one identity (token subject) may send per window; 0: no limit' }),
    // 200 a second: a team of 40 behind one NAT, each at their busiest, plus the bridge, stays
    // below it; a script looping on the API from one machine sends far more.
    RATE_LIMIT_PER_ADDRESS: requestsPerWindow({ default: 2000, desc: 'requests one client address may send per window, valid token or not; 0: no limit' }),
    // Two retries: a subgraph restarting or a connection dropped by a proxy is usually back by then;
    // more would only pile load on a subgraph that is really down (the breaker's job).
    SUBGRAPH_RETRIES: wholeNumberFrom(0, 5, 'retries')({ default: 2, desc: 'times the gateway sends a query again after a connection error or a 502, 503 or 504; 0: never' }),
    SUBGRAPH_RETRY_DELAY_MS: wholeNumberFrom(1, 10_000, 'milliseconds')({ default: 50, desc: 'the most the gateway waits before the first retry, doubled for each further one (full jitter)' }),
    SUBGRAPH_BREAKER_ERROR_PERCENT: wholeNumberFrom(1, 100, 'percent')({ default: 50, desc: "share of a subgraph's fetches failing over 10 s above which the gateway stops asking it" }),
    SUBGRAPH_BREAKER_MIN_REQUESTS: wholeNumberFrom(1, 100_000, 'requests')({ default: 10, desc: 'fetches to a subgraph within 10 s before its share of failures can open its breaker' }),
    SUBGRAPH_BREAKER_RESET_MS: positiveMilliseconds({ default: 10_000, desc: 'milliseconds an open breaker fails fast before one fetch probes the subgraph' }),
    SUBGRAPH_DEDUP: bool({ default: true, desc: 'identical queries for the same person in flight at once share one subgraph fetch' }),
    SUBGRAPH_BATCH_MAX: wholeNumberFrom(0, 1000, 'representations')({
      default: DEFAULT_BATCH_MAX,
      desc: 'distinct query fetches of one document for the same person asked at once go to the subgraph as one, of at most this many entities; 0: each alone',
    }),
    SUBGRAPH_CACHE_MB: wholeNumberFrom(0, 65_536, 'megabytes')({
      default: DEFAULT_ANSWER_CACHE_MB,
      desc: "megabytes of subgraph answers the gateway keeps, each served only while a check of its subgraph's data version (sent after the request arrived) and clock say it still holds; 0: none",
    }),
    SUPERGRAPH_PATH: str({ default: '', desc: 'a composed supergraph file (npm run compose) to serve and reload on change; unset: compose at start-up' }),
    SUBGRAPH_PROBE_INTERVAL_MS: positiveMilliseconds({ default: 5000, desc: "how often the gateway asks each subgraph's /ready, in milliseconds" }),
    TRUST_PROXY: trustedProxies({ default: undefined, desc: 'reverse proxies whose X-Forwarded-For names the client: their addresses or subnets, or how many there are in front of the gateway; unset: none' }),
    ...metricsListenerSpecs('GATEWAY', 'the gateway'),
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
    rateLimits: {
      perAddress: clean.RATE_LIMIT_PER_ADDRESS as number,
      perIdentity: clean.RATE_LIMIT_PER_IDENTITY as number,
      windowSeconds: clean.RATE_LIMIT_WINDOW_SECONDS as number,
    },
    trustProxy: clean.TRUST_PROXY as TrustedProxies | undefined,
    retry: { retries: clean.SUBGRAPH_RETRIES as number, baseDelayMs: clean.SUBGRAPH_RETRY_DELAY_MS as number },
    breaker: {
      errorPercent: clean.SUBGRAPH_BREAKER_ERROR_PERCENT as number,
      minRequests: clean.SUBGRAPH_BREAKER_MIN_REQUESTS as number,
      resetMs: clean.SUBGRAPH_BREAKER_RESET_MS as number,
    },
    deduplicate: clean.SUBGRAPH_DEDUP as boolean,
    batchMax: clean.SUBGRAPH_BATCH_MAX as number,
    answerCacheMb: clean.SUBGRAPH_CACHE_MB as number,
    supergraphPath: (clean.SUPERGRAPH_PATH as string).trim() || undefined,
    metricsListener: metricsListenerOf(clean, 'GATEWAY'),
    subgraphProbeIntervalMs: clean.SUBGRAPH_PROBE_INTERVAL_MS as number,
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, clean[subgraphUrlVariable(name)] as string])) as Record<
      SubgraphName,
      string
    >,
  };
}
