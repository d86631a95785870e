/**
 * One process at a time per embedded database folder. PGlite has no lock of its own: a second
 * process opening a folder in use corrupts it (lost writes, `Aborted()` on the next start).
 *
 * The lock is a file, `integra.lock` in the folder, naming its holder (pid, process start time,
 * command line). It is created whole and atomically (written aside, then hard-linked into place,
 * which fails if it exists), so two openers started at the same moment cannot both win, and a
 * loser always reads a complete holder. A lock whose holder has died (kill -9) is taken over:
 * the pid is gone, or it now belongs to a process that started at another time.
 *
 * Hand-written rather than proper-lockfile: that library keeps a lock alive by touching it on a
 * timer and calls it stale (and compromised) when the timer is late, which happens while PGlite's
 * synchronous WebAssembly work holds the event loop for seconds; it waits the full stale period
 * before taking over a dead process's lock; and it does not record who holds the lock, which the
 * message must name.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = 'integra.lock';

export class FolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
  ) {
    const command = holder.command ? ` (${holder.command})` : '';
    super(
      `the database folder ${folder} is in use by process ${holder.pid}${command} since ${holder.since}. ` +
        `Only one process may open an embedded database at a time: stop that process first, or use another folder.`,
    );
  }
}

export interface LockHolder {
  pid: number;
  /** /proc's start time of the process, to tell a live holder from a later process given its pid. */
  startTime?: string;
  command?: string;
  since: string;
  token: string;
}

export interface FolderLock {
  readonly file: string;
  /** Idempotent; also runs when the process exits. */
  release(): void;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function processStartTime(pid: number): string | undefined {
  const stat = readProc(pid, 'stat');
  // The command name in parentheses may hold spaces; the fields after it are fixed.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

export function commandLineOf(pid: number): string | undefined {
  const cmdline = readProc(pid, 'cmdline');
  if (!cmdline) return pid === process.pid ? process.argv.join(' ') : undefined;
  // Loader flags (tsx adds two long ones) say nothing about which program holds the folder.
  const words = cmdline.split('\0').filter(Boolean);
  const program = words.filter((word, index) => !/^--(require|import|loader)$/.test(word) && !/^--(require|import|loader)$/.test(words[index - 1] ?? ''));
  return program.join(' ');
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const startTime = processStartTime(holder.pid);
  return !holder.startTime || !startTime || startTime === holder.startTime;
}

type Reading = { holder: LockHolder; raw: string } | { vanished: true } | { unreadable: string };

function readLock(file: string): Reading {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { vanished: true };
    throw error;
  }
  try {
    const holder = JSON.parse(raw) as LockHolder;
    if (Number.isInteger(holder.pid) && holder.pid > 0) return { holder, raw };
  } catch {
    // not ours, or cut short: below
  }
  return { unreadable: raw };
}

/** Creates `file` with `content` unless it exists, as one atomic step. */
function createExclusively(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(draft, content, { flag: 'wx' });
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // A file system without hard links: an exclusive create, written just after.
    try {
      writeFileSync(file, content, { flag: 'wx' });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    unlinkSync(draft);
  }
}

function removeIfUnchanged(file: string, raw: string): void {
  const now = readLock(file);
  if ('holder' in now ? now.raw === raw : 'unreadable' in now && now.unreadable === raw) unlinkSync(file);
}

/**
 * Removes a dead holder's lock. Two openers may find the same dead holder: each must remove only
 * that lock, never the one the other has just created, so removal happens under a second,
 * short-lived lock and only if the file still holds what was judged dead.
 */
function takeOverFromDeadHolder(file: string, deadRaw: string, me: string): void {
  const takeover = `${file}.takeover`;
  if (!createExclusively(takeover, me)) {
    const other = readLock(takeover);
    // Its holder died in the middle of a takeover: clear the way for the next attempt.
    if ('holder' in other && !isAlive(other.holder)) removeIfUnchanged(takeover, other.raw);
    else pause(10);
    return;
  }
  try {
    removeIfUnchanged(file, deadRaw);
  } finally {
    unlinkSync(takeover);
  }
}

function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Takes the folder's lock or throws FolderLockedError naming the holder; the folder must exist. */
export function lockFolder(folder: string): FolderLock {
  const absolute = path.resolve(folder);
  const file = path.join(absolute, LOCK_FILE_NAME);
  const me: LockHolder = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    command: commandLineOf(process.pid),
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  const content = JSON.stringify(me);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (createExclusively(file, content)) return holdLock(file, me.token);
    const reading = readLock(file);
    if ('vanished' in reading) continue;
    if ('holder' in reading) {
      if (isAlive(reading.holder)) throw new FolderLockedError(absolute, reading.holder);
      takeOverFromDeadHolder(file, reading.raw, content);
      continue;
    }
    // Only the no-hard-link fallback leaves a lock briefly empty: wait for it to be written,
    // and take it over if it never is (its writer died in between).
    if (attempt < 25) pause(20);
    else takeOverFromDeadHolder(file, reading.unreadable, content);
  }
  throw new Error(`cannot lock the database folder ${absolute}: ${file} could not be created or read`);
}

function holdLock(file: string, token: string): FolderLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    const reading = readLock(file);
    if ('holder' in reading && reading.holder.token === token) unlinkSync(file);
  };
  process.on('exit', release);
  return { file, release };
}
