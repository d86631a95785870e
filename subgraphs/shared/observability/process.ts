/**
 * Logging and tracing of one service process, set up first thing by its entry point: the
 * process's logger (LOG_LEVEL, LOG_FORMAT) and, when an OTLP endpoint is configured, its tracer
 * provider. A bad setting stops the process with a message naming the variable.
 */
import { ConfigError } from '../config.js';
import { readObservabilityConfig } from './config.js';
import { createLogger, useLogger, type Logger } from './logger.js';
import { startTracing, type Tracing } from './tracing.js';

export interface ProcessObservability {
  logger: Logger;
  /** Sends the spans not yet exported; call it before the process exits. */
  stop(): Promise<void>;
}

let started: ProcessObservability | null = null;

export function startObservability(service: string): ProcessObservability {
  if (started) return started;
  let config;
  try {
    config = readObservabilityConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ service }).fatal(error.message);
    process.exit(1);
  }
  const logger = useLogger(createLogger({ service, level: config.logLevel, format: config.logFormat }));
  const tracing: Tracing | null = config.tracesUrl ? startTracing({ serviceName: service, tracesUrl: config.tracesUrl }) : null;
  if (tracing) logger.info(`tracing: sending spans to ${config.tracesUrl}`);
  started = { logger, stop: async () => tracing?.shutdown() };
  return started;
}
