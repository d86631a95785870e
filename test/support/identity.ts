/** Keys and tokens for tests that build a gateway or a subgraph server themselves (startStack has its own). */
import { importJWK, type CryptoKey } from 'jose';
import { localUserTokens, signLocalUserToken } from '../../gateway/identity/user-tokens.js';
import type { GatewayIdentity } from '../../gateway/server.js';
import { temporaryKeyFolder } from '../../scripts/lib/local-tokens.js';
import { BRIDGE_ROLE, PERSON_ROLES } from '../../subgraphs/shared/identity/roles.js';
import { inMemoryServiceCredentials, type ServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';
import type { SigningKey } from '../../subgraphs/shared/identity/key-store.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';

export interface TestIdentities {
  credentials: Record<'gateway' | SubgraphName, ServiceCredentials>;
  issuer: SigningKey;
  /** What buildGateway needs to accept this issuer's tokens. */
  gateway: GatewayIdentity;
  /** A token for the gateway (every person's role and the bridge's by default). */
  token(roles?: readonly string[], subject?: string): Promise<string>;
  /** `{ authorization }` with a token for the gateway. */
  headers(roles?: readonly string[]): Promise<Record<string, string>>;
}

export async function testIdentities(): Promise<TestIdentities> {
  const { issuer, ...credentials } = await inMemoryServiceCredentials();
  const users = localUserTokens((await importJWK(issuer.publicJwk, 'EdDSA')) as CryptoKey);
  const token = (roles: readonly string[] = [...PERSON_ROLES, BRIDGE_ROLE], subject = 'test-user') => signLocalUserToken(issuer, { subject, roles, lifetimeSeconds: 3600 });
  return {
    credentials,
    issuer,
    gateway: { users, credentials: credentials.gateway },
    token,
    headers: async (roles) => ({ authorization: `Bearer ${await token(roles)}` }),
  };
}

/** A key folder for services a test starts as processes (INTEGRA_KEYS_DIR), and the gateway's bearer for calling them. */
export async function testKeyFolder(): Promise<{ dir: string; gatewayAuthorization(roles?: readonly string[]): Promise<string> }> {
  const folder = await temporaryKeyFolder();
  return { dir: folder.env.INTEGRA_KEYS_DIR, gatewayAuthorization: (roles = PERSON_ROLES) => folder.gatewayAuthorization(roles, 'test-user') };
}
