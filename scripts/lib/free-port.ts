/**
 * A port nothing listens on right now, for a service a script or a test starts (the service
 * binds it a moment later). Drawn below the kernel's ephemeral range: a port the kernel picks
 * for a `listen(0)` (every in-process test server) comes from that range, so it cannot take the
 * port in the moment between this probe and the service's own bind.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && low > 20_000) return low;
  } catch {
    // Not Linux: the IANA range starts at 49152.
  }
  return 49_152;
}

const LOWEST = 20_000;

function isFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const highest = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (await isFree(port)) return port;
  }
  throw new Error(`freePort: no free port found between ${LOWEST} and ${highest} after 50 tries`);
}
