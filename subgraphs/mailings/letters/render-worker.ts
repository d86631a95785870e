/**
 * The render worker's entry (a worker thread started by template-renderer.ts): renders the
 * letters of one request at a time, within the template limits, and answers with one outcome
 * per letter. Before each part of each letter it writes which one it is in the shared
 * progress array, so that the main thread can tell which letter it was on if this thread runs
 * out of memory or is stopped for taking too long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLiquid, escapeForPrint, renderFailureReason } from './liquid.js';
import { parseLetterTemplate, renderLetter, type LetterEngine, type LetterOutcome, type ParsedLetterTemplate } from './render-letter.js';
import { PROGRESS, type RenderWorkerData, type WorkerReply, type WorkerRequest } from './render-protocol.js';

const { limits, progress: progressBuffer } = workerData as RenderWorkerData;
const progress = new Int32Array(progressBuffer);
const engine: LetterEngine = {
  liquid: createLiquid(escapeForPrint, limits),
  limits,
  beforePart: (part) => {
    Atomics.store(progress, PROGRESS.part, part === 'subject' ? 0 : 1);
    Atomics.add(progress, PROGRESS.steps, 1);
  },
};

function render(request: WorkerRequest): LetterOutcome[] {
  let template: ParsedLetterTemplate;
  try {
    template = parseLetterTemplate(request.template, engine);
  } catch (error) {
    // A stored template that no longer parses fails every letter alike.
    const failure: LetterOutcome = { failedPart: 'body', reason: `the template is not valid Liquid: ${renderFailureReason(error, limits)}` };
    return request.letters.slice(0, request.stopAfterFailures).map(() => failure);
  }
  const outcomes: LetterOutcome[] = [];
  let failuresInARow = 0;
  for (const [index, { customer, billing }] of request.letters.entries()) {
    Atomics.store(progress, PROGRESS.letter, index);
    const outcome = renderLetter(template, customer, billing, request.campaign, request.today, engine);
    outcomes.push(outcome);
    failuresInARow = 'letter' in outcome ? 0 : failuresInARow + 1;
    // The rest would most likely fail the same way, each taking up to the time limit.
    if (failuresInARow >= request.stopAfterFailures) break;
  }
  return outcomes;
}

parentPort!.on('message', (request: WorkerRequest) => {
  const reply: WorkerReply = { id: request.id, outcomes: render(request) };
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies WorkerReply);
