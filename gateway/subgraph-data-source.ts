/**
 * How the gateway talks to one subgraph. When the subgraph cannot be reached, the gateway
 * still answers with what the other subgraphs returned, and this error says which system
 * is missing instead of a raw socket message.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';

export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(readonly subgraphName: string, url: string) {
    super({ url });
  }

  override async process(options: GraphQLDataSourceProcessOptions): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      const status = (error as GraphQLError).extensions?.response as { status?: number } | undefined;
      if (error instanceof GraphQLError && status?.status !== undefined && status.status < 500) throw error;
      throw new GraphQLError(`The ${this.subgraphName} service is unavailable; the data it owns is missing from this response.`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraphName },
      });
    }
  }
}
