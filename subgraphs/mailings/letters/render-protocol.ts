/** What the main thread and the render worker (render-worker.ts) say to each other. */
import type { AudienceCustomer, BillingFigures } from '../audience/sales-audience.js';
import type { CampaignFacts } from './letter-fields.js';
import type { TemplateLimits } from './liquid.js';
import type { LetterOutcome } from './render-letter.js';

export interface LetterInput {
  customer: AudienceCustomer;
  billing: BillingFigures | null;
}

export interface RenderWorkerData {
  limits: TemplateLimits;
  /** An Int32Array's buffer, indexed by PROGRESS. */
  progress: SharedArrayBuffer;
}

/** Slots of the shared progress array, written by the worker and read by the main thread's watchdog. */
export const PROGRESS = {
  /** Index, in the request, of the letter being rendered. */
  letter: 0,
  /** 0 while the subject is rendered, 1 the body. */
  part: 1,
  /** Parts started since the worker began: unchanged for too long, the worker is stuck. */
  steps: 2,
} as const;

export interface WorkerRequest {
  id: number;
  template: { subject: string; body: string };
  letters: LetterInput[];
  campaign: CampaignFacts;
  today: string;
  /** The worker stops after this many failures in a row, answering for the letters tried. */
  stopAfterFailures: number;
}

export type WorkerReply = { ready: true } | { id: number; outcomes: LetterOutcome[] };
