import { openDatabase } from './subgraphs/shared/database.js';
const mb = () => `${Math.round(process.memoryUsage().rss / 1048576)} MB (peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`;
console.log('start', mb());
const e = await openDatabase('pglite:/tmp/probe-mailings-db');
console.log('after plain open', mb());
