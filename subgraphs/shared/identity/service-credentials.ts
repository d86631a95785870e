/**
 * How Integra's services prove to each other who is asking: a short-lived JWT signed with the
 * calling service's own key (key-store.ts), sent as `Authorization: Bearer`. The gateway's tokens
 * carry the person (or bridge) it verified, so each subgraph checks the roles again (defence in
 * depth); a subgraph asking another on its own behalf gets the `service` role and nothing more.
 * A subgraph answers nobody else: a person's own token, or none, is refused with 401.
 */
import { SignJWT, jwtVerify, errors as joseErrors, type CryptoKey, type JWTPayload } from 'jose';
import { GraphQLError } from 'graphql';
import type { SubgraphName } from '../../catalog.js';
import { generateSigningKey, loadPublicKeys, loadSigningKey, SERVICE_SIGNATURE_ALGORITHM, SIGNERS, type SignerName, type SigningKey } from './key-store.js';
import { SERVICE_ROLE, USER_ROLES, type Identity } from './roles.js';

/** The audience of every service token: Integra's own services. */
export const SERVICE_AUDIENCE = 'integra-services';

/** Long enough for a slow request, short enough that a captured token is soon worthless. */
export const SERVICE_TOKEN_SECONDS = 120;

/** A minted token is reused for this long (signing is cheap, but not free on every subgraph fetch). */
const REUSE_SECONDS = 60;

/** Verified tokens kept, so the gateway's repeated fetches for one person are checked once. */
const VERIFIED_CACHE_SIZE = 10_000;

export interface ServiceIdentity extends Identity {
  /** The service whose key signed the credential. */
  signedBy: SignerName;
}

export interface ServiceCredentials {
  /** This service. */
  name: SignerName;
  /** A bearer token for a request this service sends: for `identity` (the gateway, forwarding the person it verified), or on its own behalf. */
  bearerFor(identity?: Identity): Promise<string>;
  /** The identity a request from another service carries; throws UNAUTHENTICATED (401) when it proves nothing. */
  verifyBearer(authorization: string | undefined): Promise<ServiceIdentity>;
  /** The public keys this service trusts, by signer (event signatures use the same keys). */
  trustedKeys: ReadonlyMap<string, CryptoKey>;
  signingKey: SigningKey;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) } },
  });
}

export function serviceSubject(name: SignerName): string {
  return `service:${name}`;
}

function describeRejection(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `its "${error.claim}" claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not match the key of the service it names';
  if (error instanceof joseErrors.JOSEError) return `it is not a valid service token (${error.code})`;
  return 'it cannot be read';
}

export function createServiceCredentials(signingKey: SigningKey, trustedKeys: ReadonlyMap<string, CryptoKey>): ServiceCredentials {
  const name = signingKey.kid;
  const minted = new Map<string, { token: string; reuseUntil: number }>();
  const verified = new Map<string, { identity: ServiceIdentity; expiresAt: number }>();

  async function mint(subject: string, roles: readonly string[]): Promise<string> {
    const cacheKey = `${subject}\n${[...roles].sort().join(' ')}`;
    const now = Date.now();
    const cached = minted.get(cacheKey);
    if (cached && cached.reuseUntil > now) return cached.token;
    const token = await new SignJWT({ roles: [...roles] })
      .setProtectedHeader({ alg: SERVICE_SIGNATURE_ALGORITHM, kid: name, typ: 'JWT' })
      .setIssuer(name)
      .setAudience(SERVICE_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${SERVICE_TOKEN_SECONDS}s`)
      .sign(signingKey.privateKey);
    if (minted.size > VERIFIED_CACHE_SIZE) minted.clear();
    minted.set(cacheKey, { token, reuseUntil: now + REUSE_SECONDS * 1000 });
    return token;
  }

  function identityFrom(payload: JWTPayload, signedBy: SignerName): ServiceIdentity {
    const roles = Array.isArray(payload.roles) && payload.roles.every((role) => typeof role === 'string') ? (payload.roles as string[]) : null;
    if (!roles || typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 256) throw unauthenticated('The service token names no subject or roles.');
    if (signedBy === 'gateway') {
      // The gateway speaks for the people it verified: never for a service.
      const foreign = roles.find((role) => !USER_ROLES.includes(role as never));
      if (foreign) throw unauthenticated(`The gateway cannot grant the role "${foreign}".`);
    } else if (roles.length !== 1 || roles[0] !== SERVICE_ROLE || payload.sub !== serviceSubject(signedBy)) {
      // A subgraph speaks only for itself, with the service role.
      throw unauthenticated(`The ${signedBy} service can only act as itself.`);
    }
    return { subject: payload.sub, roles: new Set(roles), signedBy };
  }

  return {
    name,
    trustedKeys,
    signingKey,
    bearerFor: (identity) => (identity ? mint(identity.subject, [...identity.roles]) : mint(serviceSubject(name), [SERVICE_ROLE])),
    async verifyBearer(authorization) {
      const token = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/.exec(authorization ?? '')?.[1];
      if (!token) throw unauthenticated('This service answers only the gateway and the other Integra services: send their signed service token (Authorization: Bearer).');
      const now = Date.now();
      const cached = verified.get(token);
      if (cached && cached.expiresAt > now) return cached.identity;
      let result;
      try {
        result = await jwtVerify(token, async (header) => {
          const key = typeof header.kid === 'string' ? trustedKeys.get(header.kid) : undefined;
          if (!key) throw new joseErrors.JWKSNoMatchingKey();
          return key;
        }, { audience: SERVICE_AUDIENCE, algorithms: [SERVICE_SIGNATURE_ALGORITHM], requiredClaims: ['exp', 'iat', 'sub', 'iss'], maxTokenAge: `${SERVICE_TOKEN_SECONDS + 60}s` });
      } catch (error) {
        throw unauthenticated(`The service token was refused: ${describeRejection(error)}.`);
      }
      const signedBy = result.protectedHeader.kid as SignerName;
      if (result.payload.iss !== signedBy) throw unauthenticated('The service token was refused: its issuer is not the service whose key signed it.');
      const identity = identityFrom(result.payload, signedBy);
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(token, { identity, expiresAt: Math.min(now + REUSE_SECONDS * 1000, (result.payload.exp as number) * 1000) });
      return identity;
    },
  };
}

/** The services' signers whose tokens a service accepts: the gateway and every subgraph (never the user-token issuer). */
export const SERVICE_SIGNERS: readonly SignerName[] = SIGNERS.filter((signer) => signer !== 'issuer');

/** A service's credentials from the key folder (INTEGRA_KEYS_DIR). */
export async function loadServiceCredentials(dir: string, name: SignerName): Promise<ServiceCredentials> {
  return createServiceCredentials(await loadSigningKey(dir, name), await loadPublicKeys(dir, SERVICE_SIGNERS));
}

/** Every service's credentials, made in memory: the in-process platform and tests, which need no folder. */
export async function inMemoryServiceCredentials(): Promise<Record<'gateway' | SubgraphName, ServiceCredentials> & { issuer: SigningKey }> {
  const keys = await Promise.all(SIGNERS.map((name) => generateSigningKey(name)));
  const trusted = new Map<string, CryptoKey>();
  const { importJWK } = await import('jose');
  for (const key of keys) if (key.kid !== 'issuer') trusted.set(key.kid, (await importJWK(key.publicJwk, SERVICE_SIGNATURE_ALGORITHM)) as CryptoKey);
  const entries = keys.filter((key) => key.kid !== 'issuer').map((key) => [key.kid, createServiceCredentials(key, trusted)] as const);
  return { ...(Object.fromEntries(entries) as Record<'gateway' | SubgraphName, ServiceCredentials>), issuer: keys.find((key) => key.kid === 'issuer')! };
}
