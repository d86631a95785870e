/**
 * Which tokens the gateway accepts, read once at start-up: an OpenID Connect provider's
 * (AUTH_JWKS_URL with AUTH_ISSUER and AUTH_AUDIENCE), or, when none is set, the embedded
 * issuer's key in the key folder (npm run token).
 */
import type { CryptoKey } from 'jose';
import { cleanEnv, str, url } from 'envalid';
import { ConfigError, throwOnInvalidEnv, withNodeEnvDefault } from '../../subgraphs/shared/config.js';
import { KeyStoreError, loadPublicKeys } from '../../subgraphs/shared/identity/key-store.js';
import { prepareKeys } from '../../subgraphs/shared/identity/keys-config.js';
import { localUserTokens, remoteUserTokens, type UserTokenVerifier } from './user-tokens.js';

export interface UserTokenConfig {
  jwksUrl: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  rolesClaim: string;
}

export function readUserTokenConfig(env: NodeJS.ProcessEnv = process.env): UserTokenConfig {
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      AUTH_JWKS_URL: url({ default: undefined, desc: "the identity provider's JWKS (https://idp.example.com/.well-known/jwks.json); unset: the embedded issuer (npm run token)" }),
      AUTH_ISSUER: str({ default: undefined, desc: 'the iss every token must carry (required with AUTH_JWKS_URL)' }),
      AUTH_AUDIENCE: str({ default: undefined, desc: 'the aud every token must carry (required with AUTH_JWKS_URL)' }),
      AUTH_ROLES_CLAIM: str({ default: 'roles', desc: 'the claim holding the Integra roles, a name or a dotted path (realm_access.roles)' }),
    },
    { reporter: throwOnInvalidEnv },
  );
  if (clean.AUTH_JWKS_URL && (!clean.AUTH_ISSUER || !clean.AUTH_AUDIENCE)) {
    throw new ConfigError(`Invalid configuration:\n  ${!clean.AUTH_ISSUER ? 'AUTH_ISSUER' : 'AUTH_AUDIENCE'} is required with AUTH_JWKS_URL (the issuer and audience of the provider's tokens)`);
  }
  return { jwksUrl: clean.AUTH_JWKS_URL, issuer: clean.AUTH_ISSUER, audience: clean.AUTH_AUDIENCE, rolesClaim: clean.AUTH_ROLES_CLAIM };
}

export async function openUserTokenVerifier(config: UserTokenConfig, env: NodeJS.ProcessEnv = process.env): Promise<UserTokenVerifier> {
  if (config.jwksUrl) return remoteUserTokens(config.jwksUrl, { issuer: config.issuer!, audience: config.audience!, rolesClaim: config.rolesClaim });
  try {
    const keys = await loadPublicKeys(await prepareKeys(env), ['issuer']);
    return localUserTokens(keys.get('issuer') as CryptoKey);
  } catch (error) {
    if (error instanceof KeyStoreError) throw new ConfigError(`Invalid configuration:\n  INTEGRA_KEYS_DIR: ${error.message} (or set AUTH_JWKS_URL to use an identity provider)`);
    throw error;
  }
}

