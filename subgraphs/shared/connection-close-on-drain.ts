/**
 * Once a server starts draining (graceful shutdown), every answer still to be written says
 * `Connection: close`: a client learns not to send its next request on that connection, rather
 * than finding it closed under it. Apollo's drain plugin ends the connections once their
 * requests are done, but Node would otherwise still announce `keep-alive`.
 */
import type http from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

export function connectionCloseOnDrain(httpServer: http.Server): ApolloServerPlugin<BaseContext> {
  const unanswered = new Set<http.ServerResponse>();
  let draining = false;
  const closeAfter = (response: http.ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close');
  };
  httpServer.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    if (draining) return closeAfter(response);
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          draining = true;
          for (const response of unanswered) closeAfter(response);
        },
      };
    },
  };
}
