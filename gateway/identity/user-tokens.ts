/**
 * The people (and the bridge) who call the gateway, from their bearer JWT. In production the
 * tokens come from the company's OpenID Connect provider: verified against its JWKS
 * (AUTH_JWKS_URL, fetched again when a token names a key not yet seen, so keys rotate without a
 * restart), with its issuer and audience. The embedded default needs nothing installed: a local
 * issuer key in the key folder, and `npm run token -- --role <role>` to sign a token with it.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { SERVICE_SIGNATURE_ALGORITHM, type SigningKey } from '../../subgraphs/shared/identity/key-store.js';
import { USER_ROLES, type Identity } from '../../subgraphs/shared/identity/roles.js';
import { unauthenticated } from '../../subgraphs/shared/identity/service-credentials.js';

/** The embedded issuer's name and the audience of its tokens. */
export const LOCAL_ISSUER = 'integra-local';
export const LOCAL_AUDIENCE = 'integra';

/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned token is never accepted. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** A token longer than this is refused unread: no real provider issues one. */
const MAX_TOKEN_LENGTH = 8192;

export interface UserTokenVerifier {
  /** The identity a request's Authorization header proves; throws UNAUTHENTICATED (401) otherwise. */
  verify(authorization: string | undefined): Promise<Identity>;
  /** Where tokens come from, for the start-up log. */
  describe(): string;
}

export interface UserTokenSettings {
  issuer: string;
  audience: string;
  /** Where the roles are in the token: a claim name, or a dotted path (realm_access.roles). */
  rolesClaim: string;
  /** Clock tolerance for exp and nbf, in seconds. */
  clockToleranceSeconds?: number;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/** Integra's roles the token carries, from its roles claim and its OAuth `scope`; others are ignored. */
export function rolesOf(payload: JWTPayload, rolesClaim: string): string[] {
  const claimed = claimAt(payload, rolesClaim);
  const listed = Array.isArray(claimed) ? claimed.filter((role): role is string => typeof role === 'string') : typeof claimed === 'string' ? claimed.split(' ') : [];
  const scoped = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  return [...new Set([...listed, ...scoped])].filter((role) => USER_ROLES.includes(role as never));
}

function describeRejection(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired; get a new one';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'it was issued for another audience';
    if (error.claim === 'iss') return 'it comes from an issuer this gateway does not trust';
    if (error.claim === 'nbf') return 'it is not valid yet';
    return `its "${error.claim}" claim is not accepted`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not match the issuer\'s key';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'it is signed with a key the issuer does not publish';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'its signing algorithm is not accepted';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return 'the identity provider\'s keys cannot be fetched right now';
  if (error instanceof joseErrors.JOSEError) return `it is not a valid JWT (${error.code})`;
  return 'it cannot be read as a JWT';
}

/**
 * A token verified once is taken at its word for a short while, its signature not checked again
 * on every request (0.15 ms of CPU each, a sixteenth of what the gateway spends on a request):
 * never past its expiry, and never once the issuer's keys may have changed (see KeySetWatch).
 * There is no revocation list to consult: a token is good until it expires, as before.
 */
const VERIFIED_REUSE_MS = 60_000;
/** Distinct tokens remembered at most; emptied when full, so a flood of tokens costs verifications, never memory. */
const VERIFIED_KEPT = 10_000;

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Whether tokens verified earlier still stand with the issuer's keys as they are now. The embedded
 * issuer's key never changes while the gateway runs. A provider's set changes only when jose
 * fetches it again, inside a verification: when it is stale (it is then verified in full, which
 * fetches it) or when a token names a key not seen yet; after each full verification, a set that
 * differs from the last one seen drops every token verified with the old one (a retired key's
 * tokens are refused from then on, as they were without this reuse).
 */
class KeySetWatch {
  private published: string;

  constructor(private readonly keySet: RemoteKeySet | null) {
    this.published = this.current();
  }

  /** False while the provider's set is stale: a token must then be verified in full, which fetches it. */
  get fresh(): boolean {
    return this.keySet === null || this.keySet.fresh;
  }

  /** Whether the set changed since the last call (or since start-up). */
  changed(): boolean {
    const current = this.current();
    if (current === this.published) return false;
    this.published = current;
    return true;
  }

  private current(): string {
    return this.keySet ? JSON.stringify(this.keySet.jwks() ?? null) : '';
  }
}

export function userTokenVerifier(keys: RemoteKeySet | CryptoKey, settings: UserTokenSettings, source: string): UserTokenVerifier {
  const keySet = new KeySetWatch(typeof keys === 'function' ? keys : null);
  const verified = new Map<string, { identity: Identity; reuseUntil: number }>();
  async function verifyInFull(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys as JWTVerifyGetKey, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: settings.clockToleranceSeconds ?? 30,
      }));
    } catch (error) {
      throw unauthenticated(`The token was refused: ${describeRejection(error)}.`);
    } finally {
      if (keySet.changed()) verified.clear();
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 256) throw unauthenticated('The token was refused: its subject is empty or too long.');
    const identity: Identity = { subject: payload.sub, roles: new Set(rolesOf(payload, settings.rolesClaim)) };
    if (verified.size >= VERIFIED_KEPT) verified.clear();
    verified.set(token, { identity, reuseUntil: Math.min(Date.now() + VERIFIED_REUSE_MS, payload.exp! * 1000) });
    return identity;
  }
  return {
    describe: () => source,
    async verify(authorization) {
      if (!authorization) throw unauthenticated('Sign in: send your token as "Authorization: Bearer <token>" (in development, npm run token -- --role <role> prints one).');
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
      if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated(`The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
      const known = verified.get(token);
      if (known && known.reuseUntil > Date.now() && keySet.fresh) return known.identity;
      return verifyInFull(token);
    },
  };
}

/** Tokens of an OpenID Connect provider, verified against its published keys. */
export function remoteUserTokens(jwksUrl: string, settings: UserTokenSettings, { refetchCooldownMs = 30_000 } = {}): UserTokenVerifier {
  // jose refetches the set when a token names an unknown key (rotation), at most once per cooldown.
  const keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: refetchCooldownMs, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  return userTokenVerifier(keys, settings, `tokens of ${settings.issuer} (keys from ${jwksUrl})`);
}

/** Tokens of the embedded issuer (development, tests). */
export function localUserTokens(issuerPublicKey: CryptoKey): UserTokenVerifier {
  return userTokenVerifier(issuerPublicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, rolesClaim: 'roles' }, 'tokens of the embedded issuer (npm run token)');
}

export interface LocalTokenRequest {
  subject: string;
  roles: readonly string[];
  /** Lifetime in seconds. */
  lifetimeSeconds: number;
  audience?: string;
  issuer?: string;
}

/** A token signed by the embedded issuer. */
export function signLocalUserToken(issuerKey: SigningKey, { subject, roles, lifetimeSeconds, audience = LOCAL_AUDIENCE, issuer = LOCAL_ISSUER }: LocalTokenRequest): Promise<string> {
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: SERVICE_SIGNATURE_ALGORITHM, kid: issuerKey.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(issuerKey.privateKey);
}
