/**
 * Renders letters off the main thread, in one worker thread (render-worker.ts), so that a
 * template that is slow or hungry never blocks the service's event loop nor takes its heap
 * down. liquidjs's own limits stop most heavy templates inside the worker; what they cannot
 * stop, the worker's own limits do: its heap is capped (`resourceLimits`), and a worker that
 * has been on one letter for longer than the time limit is terminated. Either way the letter
 * it was on fails with the reason, a new worker is started, and the other letters of the
 * request are rendered again.
 *
 * Requests go one at a time, each a page of letters: a campaign sends a page of recipients
 * per message, not a message per letter.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CampaignFacts } from './letter-fields.js';
import { DEFAULT_TEMPLATE_LIMITS, seconds, type TemplateLimits } from './liquid.js';
import { PROGRESS, type LetterInput, type RenderWorkerData, type WorkerReply, type WorkerRequest } from './render-protocol.js';
import type { LetterOutcome, LetterPart } from './render-letter.js';

export type { LetterInput } from './render-protocol.js';

export interface TemplateRendererOptions {
  limits?: TemplateLimits;
  /** The worker's heap (`maxOldGenerationSizeMb`). */
  memoryMb?: number;
  /** How long the worker may stay on one letter before it is terminated (default: twice the render limit and half a second). */
  letterTimeLimitMs?: number;
  /** A worker with nothing to do for this long is stopped, and its memory returned (default 60 s); the next render starts another. */
  idleMs?: number;
}

export const DEFAULT_RENDER_MEMORY_MB = 64;

export interface RenderRequest {
  template: { subject: string; body: string };
  letters: LetterInput[];
  campaign: CampaignFacts;
  today: string;
  /** Stop after this many letters in a row have failed (default: never). */
  stopAfterFailures?: number;
}

/** One per letter asked for; null for a letter not tried because the request stopped after its failures. */
export type RenderResult = (LetterOutcome | null)[];

/**
 * Compiled (dist/), the worker is the .js beside this file. From source (tsx, Vitest) it is the
 * .ts, which Node 20 cannot load by itself, and a worker does not get the TypeScript loader of
 * the main thread (nor one given in its `execArgv`: nodejs/node#47747): a few lines of
 * JavaScript load it through tsx's API.
 */
function workerEntry(): { code: string | URL; eval: boolean } {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return { code: new URL('./render-worker.js', import.meta.url), eval: false };
  // The ESM build of tsx's API, as `import` would resolve it (require.resolve finds the CommonJS one).
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  const { exports } = require(tsxPackage) as { exports: Record<string, { import: { default: string } }> };
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxPackage), exports['./esm/api']!.import.default)).href;
  const worker = new URL('./render-worker.ts', import.meta.url).href;
  return { code: `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(worker)}, ${JSON.stringify(worker)}))`, eval: true };
}

/** Why a worker went away while it was rendering; null when it was asked to. */
type Loss = { reason: string } | null;

interface InFlight {
  request: WorkerRequest;
  settle: (answer: { outcomes: LetterOutcome[] } | { lostAt: number; part: LetterPart; reason: string }) => void;
}

/** One worker thread and the request it is working on. */
class RenderWorker {
  private readonly worker: Worker;
  private readonly progress = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly ready: Promise<void>;
  private inFlight: InFlight | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private gone = false;

  constructor(
    private readonly limits: TemplateLimits,
    private readonly memoryMb: number,
    private readonly letterTimeLimitMs: number,
  ) {
    const entry = workerEntry();
    const workerData: RenderWorkerData = { limits, progress: this.progress.buffer as SharedArrayBuffer };
    // No execArgv of the main thread's: its heap ceiling and loaders are not for this thread.
    this.worker = new Worker(entry.code, { eval: entry.eval, workerData, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    this.worker.unref();
    let started!: () => void;
    let failedToStart!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((started = resolve), (failedToStart = reject)));
    // Not awaited until a request is made; its failure is met then.
    this.ready.catch(() => {});
    let isReady = false;
    this.worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        isReady = true;
        started();
      } else if (this.inFlight?.request.id === reply.id) {
        this.finish({ outcomes: reply.outcomes });
      }
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (!isReady) failedToStart(new Error(`the render worker could not start: ${error.message}`));
      this.lost(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { reason: `rendering needed more than ${this.memoryMb} MB of memory` } : { reason: `rendering failed: ${error.message}` });
    });
    this.worker.on('exit', (code) => {
      if (!isReady) failedToStart(new Error(`the render worker exited with code ${code} before it started`));
      this.lost({ reason: `rendering stopped the renderer (exit code ${code})` });
    });
  }

  get usable(): boolean {
    return !this.gone;
  }

  async render(request: WorkerRequest): Promise<Parameters<InFlight['settle']>[0]> {
    await this.ready;
    if (this.gone) throw new Error('the render worker has stopped');
    return new Promise((settle) => {
      this.inFlight = { request, settle };
      this.worker.ref();
      this.worker.postMessage(request);
      this.watch();
    });
  }

  /** Stops the worker at once; a request in hand is answered as lost. */
  terminate(loss: Loss): void {
    if (loss) this.lost(loss);
    this.gone = true;
    void this.worker.terminate();
  }

  /** Terminates the worker once it has been on the same part of a letter for longer than the time limit. */
  private watch(): void {
    let steps = Atomics.load(this.progress, PROGRESS.steps);
    let since = performance.now();
    this.watchdog = setInterval(
      () => {
        const now = Atomics.load(this.progress, PROGRESS.steps);
        if (now !== steps) {
          steps = now;
          since = performance.now();
        } else if (performance.now() - since >= this.letterTimeLimitMs) {
          this.terminate({ reason: `rendering took longer than ${seconds(this.letterTimeLimitMs)}` });
        }
      },
      Math.max(10, Math.floor(this.letterTimeLimitMs / 4)),
    );
    this.watchdog.unref();
  }

  private lost(loss: Loss): void {
    this.gone = true;
    if (loss && this.inFlight) {
      const letter = Math.max(0, Atomics.load(this.progress, PROGRESS.letter));
      const part: LetterPart = Atomics.load(this.progress, PROGRESS.part) === 0 ? 'subject' : 'body';
      this.finish({ lostAt: letter, part, reason: loss.reason });
    }
  }

  private finish(answer: Parameters<InFlight['settle']>[0]): void {
    const inFlight = this.inFlight;
    this.inFlight = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (!this.gone) this.worker.unref();
    inFlight?.settle(answer);
  }
}

export class TemplateRenderer {
  readonly limits: TemplateLimits;
  readonly memoryMb: number;
  /** liquidjs stops each part (subject, body) at the render limit; the worker is stopped past both and a margin. */
  readonly letterTimeLimitMs: number;
  private worker: RenderWorker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;
  private waiting = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;

  constructor(options: TemplateRendererOptions = {}) {
    this.limits = options.limits ?? DEFAULT_TEMPLATE_LIMITS;
    this.memoryMb = options.memoryMb ?? DEFAULT_RENDER_MEMORY_MB;
    this.letterTimeLimitMs = options.letterTimeLimitMs ?? 2 * this.limits.renderMs + 500;
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Renders the letters in order, one request at a time. */
  render(request: RenderRequest): Promise<RenderResult> {
    this.waiting += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const rendered = this.queue.then(() => this.renderNow(request)).finally(() => {
      this.waiting -= 1;
      if (!this.waiting && this.worker) {
        this.idleTimer = setTimeout(() => {
          this.worker?.terminate(null);
          this.worker = null;
        }, this.idleMs);
        this.idleTimer.unref();
      }
    });
    this.queue = rendered.catch(() => {});
    return rendered;
  }

  /** Stops the worker; renders asked for afterwards are refused. */
  close(): void {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.worker?.terminate(null);
    this.worker = null;
  }

  private async renderNow(request: RenderRequest): Promise<RenderResult> {
    const stopAfterFailures = request.stopAfterFailures ?? Number.MAX_SAFE_INTEGER;
    const result: RenderResult = request.letters.map(() => null);
    let pending = request.letters.map((_letter, index) => index);
    let lost = 0;
    while (pending.length) {
      if (this.closed) throw new Error('the service is stopping: letters are no longer rendered');
      if (!this.worker?.usable) this.worker = new RenderWorker(this.limits, this.memoryMb, this.letterTimeLimitMs);
      const answer = await this.worker.render({
        id: this.nextId++,
        template: request.template,
        letters: pending.map((index) => request.letters[index]!),
        campaign: request.campaign,
        today: request.today,
        stopAfterFailures,
      });
      if ('outcomes' in answer) {
        answer.outcomes.forEach((outcome, position) => (result[pending[position]!] = outcome));
        return result;
      }
      // The worker is gone, and with it what it had rendered: the letter it was on fails, the others are asked again.
      const culprit = pending[answer.lostAt]!;
      result[culprit] = { failedPart: answer.part, reason: answer.reason };
      pending = pending.filter((index) => index !== culprit);
      lost += 1;
      if (lost >= stopAfterFailures) return result;
    }
    return result;
  }
}
