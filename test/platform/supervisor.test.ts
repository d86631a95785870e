/**
 * `npm start`'s supervision, with real child processes of a tiny service: a service that dies
 * is restarted alone with growing delays, one that cannot start stops the start, Ctrl-C's
 * stop() ends everything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServiceStartError, Supervisor, type SupervisorEvent, type SupervisorOptions } from '../../scripts/lib/supervisor.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'integra-supervisor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A service that announces itself, then runs (steady), exits after CRASH_AFTER_MS, or fails at once. */
const service = path.join(scratch, 'service.mjs');
writeFileSync(
  service,
  `const name = process.env.SERVICE_NAME;
   if (process.env.BEHAVIOUR === 'fail-at-start') { console.error(name + ': cannot start'); process.exit(3); }
   process.send({ ready: name, url: 'http://' + name + '/' + process.pid, mallocArenas: process.env.MALLOC_ARENA_MAX });
   if (process.env.BEHAVIOUR === 'crash') setTimeout(() => process.exit(2), Number(process.env.CRASH_AFTER_MS ?? 20));
   else setInterval(() => {}, 1000);`,
);

function definition(name: string, behaviour: 'steady' | 'crash' | 'fail-at-start') {
  return { name, entry: service, execArgv: [], env: { PATH: process.env.PATH, SERVICE_NAME: name, BEHAVIOUR: behaviour } };
}

let supervisor: Supervisor | undefined;
afterEach(async () => supervisor?.stop());

function supervise(options: SupervisorOptions = {}) {
  const events: SupervisorEvent[] = [];
  const lines: string[] = [];
  const waiters: { until: () => boolean; resolve: () => void }[] = [];
  supervisor = new Supervisor({
    firstRestartDelayMs: 50,
    longestRestartDelayMs: 200,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    log: (line) => lines.push(line),
    onEvent: (event) => {
      events.push(event);
      for (const waiter of [...waiters]) if (waiter.until()) waiters.splice(waiters.indexOf(waiter), 1) && waiter.resolve();
    },
    ...options,
  });
  const exits = (name: string) => events.filter((event) => event.type === 'exited' && event.name === name) as Extract<SupervisorEvent, { type: 'exited' }>[];
  const readies = (name: string) => events.filter((event) => event.type === 'ready' && event.name === name) as Extract<SupervisorEvent, { type: 'ready' }>[];
  const waitFor = (until: () => boolean) => new Promise<void>((resolve) => (until() ? resolve() : waiters.push({ until, resolve })));
  return { supervisor, events, lines, exits, readies, waitFor };
}

describe('the npm start supervisor', () => {
  it('starts services with two malloc arenas, unless the operator set MALLOC_ARENA_MAX', async () => {
    const { supervisor } = supervise();
    expect((await supervisor.start(definition('default-arenas', 'steady'))).mallocArenas).toBe('2');
    const chosen = definition('chosen-arenas', 'steady');
    expect((await supervisor.start({ ...chosen, env: { ...chosen.env, MALLOC_ARENA_MAX: '4' } })).mallocArenas).toBe('4');
  });

  it('restarts a service that dies, alone, waiting twice as long after each crash in a row, up to the longest delay', async () => {
    const { supervisor, lines, exits, readies, waitFor } = supervise();
    await supervisor.start(definition('steady', 'steady'));
    await supervisor.start(definition('crashing', 'crash'));
    const steadyPid = supervisor.pidOf('steady')!;
    await waitFor(() => exits('crashing').length >= 5);
    expect(exits('crashing').map((exit) => exit.restartInMs)).toEqual([50, 100, 200, 200, 200]);
    expect(readies('crashing').length).toBeGreaterThanOrEqual(5);
    expect(exits('steady')).toEqual([]);
    expect(supervisor.pidOf('steady')).toBe(steadyPid);
    expect(() => process.kill(steadyPid, 0)).not.toThrow();
    expect(lines[0]).toMatch(/^crashing stopped at \d\d:\d\d:\d\d \(exit code 2\); the others keep running; restarting it in 50 ms$/);
    expect(lines).toContain('crashing is back (http://crashing/' + readies('crashing')[1]!.pid + ')');
  });

  it('starts again from the first delay once a service had stayed up long enough', async () => {
    const { supervisor, exits, waitFor } = supervise({ stableAfterMs: 0 });
    await supervisor.start(definition('crashing', 'crash'));
    await waitFor(() => exits('crashing').length >= 3);
    expect(exits('crashing').slice(0, 3).map((exit) => exit.restartInMs)).toEqual([50, 50, 50]);
  });

  it('restarts a service killed with kill -9, and says so', async () => {
    const { supervisor, exits, readies, lines, waitFor } = supervise();
    await supervisor.start(definition('billing', 'steady'));
    const first = supervisor.pidOf('billing')!;
    process.kill(first, 'SIGKILL');
    await waitFor(() => readies('billing').length === 2);
    expect(exits('billing')).toMatchObject([{ signal: 'SIGKILL', restartInMs: 50 }]);
    expect(readies('billing')[1]).toMatchObject({ restarts: 1 });
    expect(supervisor.pidOf('billing')).not.toBe(first);
    expect(lines[0]).toContain('billing stopped at');
    expect(lines[0]).toContain('(killed by SIGKILL)');
  });

  it('rejects the start of a service that stops before it is ready, with its exit code, and does not restart it', async () => {
    const { supervisor, events } = supervise();
    const start = supervisor.start(definition('sales', 'fail-at-start'));
    await expect(start).rejects.toThrow(ServiceStartError);
    await expect(start).rejects.toThrow('sales stopped while starting (exit code 3)');
    expect(supervisor.pidOf('sales')).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('stops every service and every pending restart', async () => {
    const { supervisor, exits, readies, waitFor } = supervise({ firstRestartDelayMs: 60_000 });
    await supervisor.start(definition('steady', 'steady'));
    await supervisor.start(definition('crashing', 'crash'));
    const steadyPid = supervisor.pidOf('steady')!;
    await waitFor(() => exits('crashing').length === 1);
    await supervisor.stop();
    expect(() => process.kill(steadyPid, 0)).toThrow();
    expect(readies('crashing')).toHaveLength(1);
    expect(exits('steady')).toEqual([]);
  });
});

/** A service that serves /ready: 503 until the file READY_FILE exists, 200 after. */
const servingService = path.join(scratch, 'serving-service.mjs');
writeFileSync(
  servingService,
  `import http from 'node:http';
   import { existsSync } from 'node:fs';
   const server = http.createServer((request, response) => {
     const ready = existsSync(process.env.READY_FILE);
     response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ready ? 'ready' : 'unavailable' }));
   });
   server.listen(0, '127.0.0.1', () => {
     const url = 'http://127.0.0.1:' + server.address().port + '/';
     process.send({ ready: process.env.SERVICE_NAME, url, readinessUrl: url + 'ready' });
   });`,
);

describe("the npm start supervisor, with a service's /ready", () => {
  const servingDefinition = (name: string) => {
    const readyFile = path.join(scratch, `${name}.ready`);
    return { readyFile, definition: { name, entry: servingService, execArgv: [], env: { PATH: process.env.PATH, SERVICE_NAME: name, READY_FILE: readyFile } } };
  };

  it('counts a service as started only once its /ready answers 200, not at its announcement', async () => {
    const { supervisor, readies } = supervise({ readyPollIntervalMs: 20 });
    const { readyFile, definition } = servingDefinition('bookings');
    let started = false;
    const start = supervisor.start(definition).then((message) => {
      started = true;
      return message;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(started).toBe(false);
    expect(readies('bookings')).toEqual([]);
    writeFileSync(readyFile, '');
    expect((await start).readinessUrl).toMatch(/\/ready$/);
    expect(readies('bookings')).toHaveLength(1);
  });

  it('rejects the start of a service whose /ready never answers 200, naming it and its last answer', async () => {
    // Long enough for the stand-in to answer at least once on a loaded machine: with 300 ms the only poll could time out first.
    const { supervisor } = supervise({ readyPollIntervalMs: 20, readyTimeoutMs: 3_000 });
    const start = supervisor.start(servingDefinition('mailings').definition);
    await expect(start).rejects.toThrow(ServiceStartError);
    const error = await start.catch((problem: Error) => problem);
    expect((error as Error).message).toMatch(/^mailings started but did not become ready within 3 s: its http:\/\/127\.0\.0\.1:\d+\/ready last answered 503 \{"status":"unavailable"\}$/);
  });
});
