/**
 * Logging and tracing settings of every service (gateway and subgraphs), read once at start-up.
 * Tracing is off unless an OTLP endpoint is given: no provider is registered, nothing is
 * recorded per request.
 */
import { cleanEnv, str, url } from 'envalid';
import { throwOnInvalidEnv, withNodeEnvDefault } from '../config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

export interface ObservabilityConfig {
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Where spans are sent (OTLP over HTTP, the full `/v1/traces` URL); null: tracing is off. */
  tracesUrl: string | null;
}

/**
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as it is; `OTEL_EXPORTER_OTLP_ENDPOINT` is the
 * collector's base URL, to which traces go at `/v1/traces` (the OpenTelemetry convention).
 */
export function readObservabilityConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = Boolean(process.stdout.isTTY)): ObservabilityConfig {
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      LOG_LEVEL: str({ choices: [...LOG_LEVELS], default: 'info', desc: 'the least severe log lines written' }),
      LOG_FORMAT: str({ choices: ['json', 'pretty'], default: '', desc: 'json (one object a line) or pretty; pretty by default in development on a terminal' }),
      OTEL_EXPORTER_OTLP_ENDPOINT: url({ default: '', desc: 'OTLP/HTTP collector base URL; traces go to <url>/v1/traces' }),
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url({ default: '', desc: 'OTLP/HTTP traces URL, used as is' }),
      NODE_ENV: str({ default: 'development' }),
    },
    { reporter: throwOnInvalidEnv },
  );
  const pretty = clean.LOG_FORMAT === 'pretty' || (clean.LOG_FORMAT === '' && clean.NODE_ENV === 'development' && stdoutIsTerminal);
  const base = clean.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    logLevel: clean.LOG_LEVEL as LogLevel,
    logFormat: pretty ? 'pretty' : 'json',
    tracesUrl: clean.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : null),
  };
}
