/** `npm run bench`'s stock `@apollo/gateway` (stock-gateway-server.ts), served standalone with its settings from the environment (peer-setup.ts). */
import { startStandaloneServer } from '@apollo/server/standalone';
import { peerSetup } from './peer-setup.js';
import { buildStockGateway } from './stock-gateway-server.js';

const setup = await peerSetup();
const server = buildStockGateway(setup);
const { url } = await startStandaloneServer(server, { listen: { port: setup.port, host: '127.0.0.1' } });
setup.announce('stock', url);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
