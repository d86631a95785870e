/**
 * A test script run as a child process (`node --import tsx`), which reports what happens in it
 * as one JSON object per line on its standard output: the crash tests kill it with SIGKILL, as
 * a crash would, and start it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../subgraphs/shared/config.js';

export interface Reported<Fact> {
  fact: Fact;
  /** performance.now() when it was read. */
  at: number;
}

export class ScriptProcess<Fact extends object> {
  readonly reported: Reported<Fact>[] = [];
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();

  /** `script` relative to the project root; stderr is passed through. */
  constructor(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.reported.push({ fact: JSON.parse(line) as Fact, at: performance.now() });
      for (const listener of this.listeners) listener();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.exited.then(() => {
      for (const listener of this.listeners) listener();
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first fact that `matches`, as soon as it is reported; fails if the process ends before. */
  next(matches: (fact: Fact) => boolean): Promise<Reported<Fact>> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const found = this.reported.find((entry) => matches(entry.fact));
        if (!found && this.running) return;
        this.listeners.delete(look);
        if (found) resolve(found);
        else reject(new Error(`the process ended (${this.child.exitCode ?? this.child.signalCode}) without reporting what was waited for`));
      };
      this.listeners.add(look);
      look();
    });
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
