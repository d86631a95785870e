/** Whether a service can have its port, asked before it does anything that takes time or data. */
import net from 'node:net';

/**
 * Binds the port as `listen` will (on `host`; every interface without one) and lets it go again. Another process may
 * still take it in between; `listen` then fails, but nothing has been decided on a wrong guess.
 */
export function ensurePortIsFree(port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is already in use by another process`));
      else if (error.code === 'EACCES') reject(new Error(`port ${port} may not be used by this user`));
      else reject(new Error(`cannot listen on port ${port}: ${error.message}`));
    });
    probe.listen({ port, host }, () => probe.close(() => resolve()));
  });
}
