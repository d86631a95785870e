/**
 * The services' logs: pino, one JSON object a line (pino-pretty for a person at a terminal in
 * development). Each line names its service; a line written while serving a request carries
 * the request's fields (request-scope.ts).
 *
 * Nothing secret or personal is meant to reach a log: request variables are never logged, and
 * whatever is logged under a key that usually holds a credential or personal data is redacted
 * whatever the level, in case a line slips one in.
 */
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config.js';
import { currentRequest } from './request-scope.js';

export type { Logger };

const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'bearer',
  'password',
  'secret',
  'pin',
  'accessCode',
  'email',
  'phone',
  'phoneNumber',
  'name',
  'legalName',
  'address',
  'variables',
];

/** Each key at the top of a line, one level down and in logged headers (fast-redact wildcards match one level). */
export const REDACTED_PATHS = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `headers["${key}"]`, `*.headers["${key}"]`]);

export interface LoggerOptions {
  /** The service's name, on every line (`gateway`, `sales`, ...). */
  service: string;
  level?: LogLevel;
  format?: LogFormat;
  /** Where the lines go (stdout when not given); tests pass a stream that keeps them. */
  destination?: Writable;
}

export function createLogger({ service, level = 'info', format = 'json', destination }: LoggerOptions): Logger {
  const stream =
    format === 'pretty'
      ? pretty({ destination: destination ?? 1, sync: true, ignore: 'pid,hostname,service', messageFormat: '{service}: {msg}', translateTime: 'SYS:HH:MM:ss.l' })
      : // Synchronous: a service that stops with a message (a bad setting) must not lose it on exit.
        destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => ({ ...currentRequest() }),
    },
    stream,
  );
}

let processLogger: Logger | null = null;

/**
 * The logger of this process, set at start-up by its entry point (useLogger). Until then, and in
 * tests that build servers without one, only warnings and errors are written.
 */
export function defaultLogger(): Logger {
  processLogger ??= createLogger({ service: 'integra', level: 'warn' });
  return processLogger;
}

export function useLogger(logger: Logger): Logger {
  processLogger = logger;
  return logger;
}
