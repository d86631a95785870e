/**
 * What the peer gateways of `npm run bench` (stock @apollo/gateway, Hive Gateway's runtime) share:
 * their settings from the environment the benchmark starts them with, and the one thing they must
 * add to reach Integra's subgraphs, the gateway's service token.
 *
 * Fairness choice: a peer does not verify the caller's token (it has no identity layer of its
 * own); every subgraph call it makes carries a service token for one fixed bench person holding
 * every role the benchmark's operations need. The subgraphs check that token as they check
 * Integra's. The token is minted with the same service-credentials code as Integra's gateway and
 * refreshed well within its lifetime, so a subgraph call only reads a string.
 */
import { readFileSync } from 'node:fs';
import { SUBGRAPHS, type SubgraphName } from '../../../subgraphs/catalog.js';
import { subgraphUrlVariable } from '../../../subgraphs/shared/config.js';
import { identityOf } from '../../../subgraphs/shared/identity/roles.js';
import { loadServiceCredentials } from '../../../subgraphs/shared/identity/service-credentials.js';

export const PEER_SUPERGRAPH_VARIABLE = 'PEER_SUPERGRAPH_PATH';
export const PEER_PORT_VARIABLE = 'PEER_PORT';
export const BENCH_PERSON = 'bench:peer-gateway';
export const BENCH_PERSON_ROLES = ['salesperson', 'billing-specialist', 'conference-operator'];

/** Half the service token's 120 s lifetime. */
const REFRESH_MS = 30_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the peer gateways are started by npm run bench`);
  return value;
}

export interface PeerSetup {
  supergraphSdl: string;
  port: number;
  subgraphUrls: Record<SubgraphName, string>;
  /** `Bearer <service token>` for the bench person, always fresh. */
  authorization(): string;
  /** Tells the benchmark (the Supervisor) the gateway serves at `url`. */
  announce(name: string, url: string): void;
}

export async function peerSetup(): Promise<PeerSetup> {
  const credentials = await loadServiceCredentials(required('INTEGRA_KEYS_DIR'), 'gateway');
  const person = identityOf(BENCH_PERSON, BENCH_PERSON_ROLES);
  let authorization = `Bearer ${await credentials.bearerFor(person)}`;
  setInterval(async () => {
    authorization = `Bearer ${await credentials.bearerFor(person)}`;
  }, REFRESH_MS).unref();
  return {
    supergraphSdl: readFileSync(required(PEER_SUPERGRAPH_VARIABLE), 'utf8'),
    port: Number(required(PEER_PORT_VARIABLE)),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, required(subgraphUrlVariable(name))])) as Record<SubgraphName, string>,
    authorization: () => authorization,
    announce: (name, url) => process.send?.({ ready: name, url }),
  };
}
