/**
 * How often one client may call the gateway: per address, before its token is even read (a flood
 * of made-up tokens costs a counter, not a signature check each), and per identity, once the
 * token is verified (one person's script cannot take the gateway from everyone else, wherever
 * it runs from). Over a limit the answer is 429 with `Retry-After` and a GraphQL error
 * TOO_MANY_REQUESTS carrying `retryAfterSeconds`, as conferencing's access-code guard answers.
 *
 * Each limit is a fixed window (rate-limiter-flexible): it opens at a key's first request and
 * allows that many requests until it ends, so a burst within the limit always passes.
 *
 * Counted in this process's memory: with several gateway instances behind a load balancer each
 * would count alone, allowing N times the limits. They would then share
 * rate-limiter-flexible's RateLimiterRedis (the same consume/msBeforeNext interface, given a
 * Redis client; a Redis listens on 127.0.0.1:6379 on the development machine), which needs a
 * Redis client package the project does not have yet.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '../subgraphs/shared/errors.js';
import type { Identity } from '../subgraphs/shared/identity/roles.js';
import type { GraphQLRequestCheck } from '../subgraphs/shared/http-server.js';

export interface RateLimitSettings {
  /** Requests one client address (an IPv6 client's /64) may send in a window; 0: no limit. */
  perAddress: number;
  /** Requests one identity (a token's subject) may send in a window; 0: no limit. */
  perIdentity: number;
  windowSeconds: number;
}

export const NO_RATE_LIMITS: RateLimitSettings = { perAddress: 0, perIdentity: 0, windowSeconds: 1 };

export interface GatewayRateLimits {
  /** serveGraphQL's `beforeGraphQL`: refuses an address over its limit before its body or token is read. */
  beforeGraphQL: GraphQLRequestCheck[];
  /** GatewayIdentity's `admit`: refuses an identity over its limit before anything is planned. */
  admit(identity: Identity): Promise<void>;
  /** The limits in force, for the start-up log. */
  describe(): string;
  /** Calls `listener` with the limit each refused request ran into (the gateway's metrics count them). */
  onRefusal(listener: (limit: RateLimitKind) => void): void;
}

export type RateLimitKind = 'address' | 'identity';

/**
 * One host owns a whole IPv6 /64 and can send each request from another address in it, so an
 * IPv6 client is counted by its /64 (as everyone behind one NAT is counted by its IPv4 address).
 */
export function clientNetwork(address: string): string {
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mappedIpv4) return mappedIpv4[1]!;
  if (!address.includes(':')) return address;
  const groupsOf = (part: string) => (part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []);
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const leading = groupsOf(head);
  const trailing = tail === undefined ? [] : groupsOf(tail);
  const groups = [...leading, ...Array<string>(tail === undefined ? 0 : 8 - leading.length - trailing.length).fill('0'), ...trailing];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

interface Refusal {
  retryAfterSeconds: number;
  message: string;
}

/** Counts one request against `key`: the refusal when it is over the limit, null when it may go on. */
type Counter = (key: string) => Promise<Refusal | null>;

function counter(points: number, windowSeconds: number, keyPrefix: string, who: string): Counter | null {
  if (points === 0) return null;
  const limiter = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
  return async (key) => {
    try {
      await limiter.consume(key);
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return {
        retryAfterSeconds,
        message: `Too many requests ${who}: at most ${points} every ${windowSeconds} s. Try again in ${retryAfterSeconds} s.`,
      };
    }
  };
}

export function gatewayRateLimits({ perAddress, perIdentity, windowSeconds }: RateLimitSettings): GatewayRateLimits {
  const countAddress = counter(perAddress, windowSeconds, 'address', 'from your address');
  const countIdentity = counter(perIdentity, windowSeconds, 'identity', 'for your account');
  const listeners: ((limit: RateLimitKind) => void)[] = [];
  const refused = (limit: RateLimitKind) => {
    for (const listener of listeners) listener(limit);
  };
  const refuseBusyAddress: GraphQLRequestCheck = async (request) => {
    // request.ip follows Express's `trust proxy` (TRUST_PROXY): the socket's peer unless a trusted proxy forwarded the request.
    const refusal = await countAddress!(clientNetwork(request.ip ?? 'unknown'));
    if (!refusal) return null;
    refused('address');
    const error = tooManyRequests(refusal.message, refusal.retryAfterSeconds);
    return { status: 429, headers: { 'retry-after': String(refusal.retryAfterSeconds) }, body: { errors: [error.toJSON()] } };
  };
  return {
    beforeGraphQL: countAddress ? [refuseBusyAddress] : [],
    async admit(identity) {
      const refusal = await countIdentity?.(identity.subject);
      if (!refusal) return;
      refused('identity');
      throw tooManyRequests(refusal.message, refusal.retryAfterSeconds, {
        http: { status: 429, headers: new Map([['retry-after', String(refusal.retryAfterSeconds)]]) },
      });
    },
    onRefusal(listener) {
      listeners.push(listener);
    },
    describe() {
      const limits = [perIdentity && `${perIdentity} requests per identity`, perAddress && `${perAddress} per address`].filter(Boolean);
      return limits.length ? `${limits.join(' and ')} every ${windowSeconds} s` : 'none';
    },
  };
}
