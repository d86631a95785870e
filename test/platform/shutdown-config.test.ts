/** The settings of health probing and graceful shutdown: defaults, and a bad value named. */
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.js';
import { readShutdownConfig } from '../../subgraphs/shared/shutdown.js';

describe('shutdown and probe settings', () => {
  it('default to 10 s for requests in flight, no readiness grace in development and 5 s in production', () => {
    expect(readShutdownConfig({})).toEqual({ timeoutMs: 10_000, readinessGraceMs: 0 });
    expect(readShutdownConfig({ NODE_ENV: 'production' })).toEqual({ timeoutMs: 10_000, readinessGraceMs: 5_000 });
    expect(readShutdownConfig({ NODE_ENV: 'production', SHUTDOWN_READINESS_GRACE_MS: '0', SHUTDOWN_TIMEOUT_MS: '30000' })).toEqual({ timeoutMs: 30_000, readinessGraceMs: 0 });
    expect(readGatewayConfig({}).subgraphProbeIntervalMs).toBe(5_000);
  });

  it('refuse a bad value, naming the variable', () => {
    expect(() => readShutdownConfig({ SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_MS is invalid/);
    expect(() => readShutdownConfig({ SHUTDOWN_READINESS_GRACE_MS: '-5' })).toThrow(/SHUTDOWN_READINESS_GRACE_MS is invalid/);
    expect(() => readGatewayConfig({ SUBGRAPH_PROBE_INTERVAL_MS: 'often' })).toThrow(/SUBGRAPH_PROBE_INTERVAL_MS is invalid/);
  });
});
