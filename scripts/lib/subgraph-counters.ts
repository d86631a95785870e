/**
 * A subgraph's own counts, from its Prometheus metrics on its main port (read with a service
 * token, metrics-endpoint.ts): the GraphQL requests it answered, which are the fetches a gateway
 * made to it, and the SQL statements it ran.
 */
import { request } from 'undici';

export interface SubgraphCounts {
  requests: number;
  statements: number;
}

function sumOf(metrics: string, name: string): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** `graphqlUrl` is the subgraph's `/graphql`; `authorization` a service token's `Bearer …`. */
export async function subgraphCounts(graphqlUrl: string, authorization: string): Promise<SubgraphCounts> {
  const response = await request(new URL('/metrics', graphqlUrl), { headers: { authorization } });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${graphqlUrl}: /metrics answered ${response.statusCode}: ${text.slice(0, 200)}`);
  return { requests: sumOf(text, 'integra_graphql_requests_total'), statements: sumOf(text, 'integra_database_statements_total') };
}
