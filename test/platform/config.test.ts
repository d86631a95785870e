/** Configuration is read once, typed, with safe defaults, and refuses what it cannot use. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.js';
import { readBridgeLimits } from '../../subgraphs/conferencing/config.js';
import { readMailingsConfig } from '../../subgraphs/mailings/config.js';
import { DOWNLOAD_KEY_FILE } from '../../subgraphs/mailings/files/download-links.js';
import { ConfigError, projectRoot, readSubgraphConfig, readSubgraphUrl } from '../../subgraphs/shared/config.js';
import { InvalidDatabaseUrlError, openDatabase } from '../../subgraphs/shared/database.js';

describe('subgraph configuration', () => {
  it('defaults to the embedded database, the catalogue port and the demo data in development', () => {
    const config = readSubgraphConfig('billing', { INTEGRA_DATA_DIR: '/tmp/integra' });
    expect(config).toEqual({ name: 'billing', port: 4002, host: '127.0.0.1', corsOrigins: [], databaseUrl: 'pglite:/tmp/integra/billing', seedDemoData: true, production: false, maxQueryCost: 50_000, metricsListener: undefined });
  });

  it('takes MAX_QUERY_COST as the gateway does, and refuses one that is not a whole number above 0', () => {
    expect(readSubgraphConfig('conferencing', { MAX_QUERY_COST: '20000' }).maxQueryCost).toBe(20_000);
    expect(readGatewayConfig({ MAX_QUERY_COST: '20000' }).maxQueryCost).toBe(20_000);
    expect(readGatewayConfig({}).maxQueryCost).toBe(50_000);
    expect(() => readSubgraphConfig('sales', { MAX_QUERY_COST: '0' })).toThrow(/MAX_QUERY_COST is invalid/);
    expect(() => readGatewayConfig({ MAX_QUERY_COST: 'lots' })).toThrow(/MAX_QUERY_COST is invalid/);
  });

  it('listens on 127.0.0.1 unless <SUBGRAPH>_HOST says otherwise, in production too', () => {
    expect(readSubgraphConfig('sales', { NODE_ENV: 'production', SALES_DATABASE_URL: 'postgres://app@db:5432/sales' }).host).toBe('127.0.0.1');
    expect(readSubgraphConfig('sales', { SALES_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(readSubgraphConfig('mailings', { MAILINGS_HOST: '10.0.0.5', SALES_HOST: '0.0.0.0' }).host).toBe('10.0.0.5');
    expect(() => readSubgraphConfig('billing', { BILLING_HOST: 'not a host!' })).toThrow(/BILLING_HOST is invalid/);
  });

  it('requires the database URL in production, naming the variable', () => {
    expect(() => readSubgraphConfig('sales', { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readSubgraphConfig('sales', { NODE_ENV: 'production' })).toThrow(/SALES_DATABASE_URL is required/);
  });

  it('takes a PostgreSQL URL and no demo data in production', () => {
    const config = readSubgraphConfig('sales', { NODE_ENV: 'production', SALES_DATABASE_URL: 'postgres://app@db:5432/sales' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://app@db:5432/sales', seedDemoData: false, production: true });
  });

  it('refuses a port that is not one, naming the variable', () => {
    expect(() => readSubgraphConfig('bookings', { BOOKINGS_PORT: 'eighty' })).toThrow(/BOOKINGS_PORT is invalid/);
  });

  it('refuses a database URL of an unknown kind, saying what is accepted', async () => {
    await expect(openDatabase('mysql://db/sales')).rejects.toThrow(InvalidDatabaseUrlError);
    await expect(openDatabase('mysql://db/sales')).rejects.toThrow(/postgres:\/\/.*pglite:/);
  });
});

describe('mailings configuration', () => {
  it('limits template rendering to 1 s and 64 MB by default, and takes other limits', () => {
    expect(readMailingsConfig({})).toMatchObject({ templateRenderMs: 1000, renderMemoryMb: 64 });
    expect(readMailingsConfig({ MAILINGS_TEMPLATE_RENDER_MS: '250', MAILINGS_RENDER_MEMORY_MB: '32' })).toMatchObject({ templateRenderMs: 250, renderMemoryMb: 32 });
  });

  it.each(['0', '-1', '1.5', 'soon'])('refuses a render limit of %s, naming the variable', (value) => {
    expect(() => readMailingsConfig({ MAILINGS_TEMPLATE_RENDER_MS: value })).toThrow(/MAILINGS_TEMPLATE_RENDER_MS/);
    expect(() => readMailingsConfig({ MAILINGS_RENDER_MEMORY_MB: value })).toThrow(/MAILINGS_RENDER_MEMORY_MB/);
  });
});

describe('gateway configuration', () => {
  it('listens on every interface unless GATEWAY_HOST says otherwise: it is the public entry point', () => {
    expect(readGatewayConfig({}).host).toBeUndefined();
    expect(readGatewayConfig({ GATEWAY_HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('routes to the local subgraphs by default', () => {
    expect(readGatewayConfig({}).subgraphUrls).toEqual({
      sales: 'http://127.0.0.1:4001/graphql',
      billing: 'http://127.0.0.1:4002/graphql',
      bookings: 'http://127.0.0.1:4003/graphql',
      conferencing: 'http://127.0.0.1:4004/graphql',
      mailings: 'http://127.0.0.1:4005/graphql',
    });
  });

  it('follows a subgraph moved by its port alone', () => {
    expect(readGatewayConfig({ SALES_PORT: '4101', CONFERENCING_PORT: '4104' }).subgraphUrls).toEqual({
      sales: 'http://127.0.0.1:4101/graphql',
      billing: 'http://127.0.0.1:4002/graphql',
      bookings: 'http://127.0.0.1:4003/graphql',
      conferencing: 'http://127.0.0.1:4104/graphql',
      mailings: 'http://127.0.0.1:4005/graphql',
    });
  });

  it('lets an explicit URL win over the port', () => {
    expect(readGatewayConfig({ SALES_PORT: '4101', SALES_URL: 'http://sales.internal:80/graphql' }).subgraphUrls.sales).toBe(
      'http://sales.internal:80/graphql',
    );
  });

  it("keeps 64 MB of subgraph answers by default, SUBGRAPH_CACHE_MB's if given (0: none), and refuses a size that is not one, naming it", () => {
    expect(readGatewayConfig({}).answerCacheMb).toBe(64);
    expect(readGatewayConfig({ SUBGRAPH_CACHE_MB: '0' }).answerCacheMb).toBe(0);
    expect(readGatewayConfig({ SUBGRAPH_CACHE_MB: '512' }).answerCacheMb).toBe(512);
    for (const bad of ['-1', 'lots', '1.5', '999999999']) expect(() => readGatewayConfig({ SUBGRAPH_CACHE_MB: bad })).toThrow(/SUBGRAPH_CACHE_MB is invalid/);
  });

  it('refuses a subgraph port that is not one, naming the variable', () => {
    expect(() => readGatewayConfig({ SALES_PORT: 'eighty' })).toThrow(/SALES_PORT is invalid/);
  });

  it('requires every subgraph URL in production, naming each missing one', () => {
    expect(() => readGatewayConfig({ NODE_ENV: 'production', SALES_URL: 'http://sales/graphql' })).toThrow(
      /BILLING_URL is required[\s\S]*BOOKINGS_URL is required[\s\S]*CONFERENCING_URL is required/,
    );
  });
});

describe('a subgraph reaching another', () => {
  it('finds it at the port it was moved to', () => {
    expect(readSubgraphUrl('sales', { SALES_PORT: '4101' })).toBe('http://127.0.0.1:4101/graphql');
    expect(readSubgraphUrl('sales', {})).toBe('http://127.0.0.1:4001/graphql');
  });
});

describe('a process started without its required configuration', () => {
  it('stops at once with a message that names the missing variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'subgraphs/sales/index.ts')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    // A JSON log line on standard output, as every line the services write.
    expect(result.stdout + result.stderr).toContain('SALES_DATABASE_URL is required');
  });
});

describe('mailings download links', () => {
  it('require MAILINGS_DOWNLOAD_KEY in production, of at least 32 characters', () => {
    const production = { NODE_ENV: 'production', SALES_URL: 'http://sales:4001/graphql', BILLING_URL: 'http://billing:4002/graphql' };
    expect(() => readMailingsConfig(production)).toThrow(/MAILINGS_DOWNLOAD_KEY is required/);
    expect(() => readMailingsConfig({ ...production, MAILINGS_DOWNLOAD_KEY: 'short' })).toThrow(/MAILINGS_DOWNLOAD_KEY is invalid: must be a secret of at least 32 characters/);
    const key = 'k'.repeat(40);
    expect(readMailingsConfig({ ...production, MAILINGS_DOWNLOAD_KEY: key, MAILINGS_DOWNLOAD_LINK_MINUTES: '60' })).toMatchObject({ downloadKey: key, downloadLinkMinutes: 60 });
    expect(() => readMailingsConfig({ MAILINGS_DOWNLOAD_LINK_MINUTES: '0' })).toThrow(/MAILINGS_DOWNLOAD_LINK_MINUTES is invalid/);
  });

  it('in development, sign with a random key made once and kept in the data folder, readable by its owner only', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'integra-download-key-'));
    const first = readMailingsConfig({ INTEGRA_DATA_DIR: dataDir });
    expect(first.downloadKey.length).toBeGreaterThanOrEqual(32);
    expect(first.downloadLinkMinutes).toBe(15);
    expect(statSync(path.join(dataDir, DOWNLOAD_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readMailingsConfig({ INTEGRA_DATA_DIR: dataDir }).downloadKey).toBe(first.downloadKey);
    expect(readMailingsConfig({ INTEGRA_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'integra-download-key-')) }).downloadKey).not.toBe(first.downloadKey);
  });
});

describe('bridge limits', () => {
  it('default to 20 failures per caller and 100 for all callers a minute, and refuse a total below one caller\'s limit', () => {
    expect(readBridgeLimits({})).toMatchObject({ maxFailedAccessCodes: 20, maxFailedAccessCodesTotal: 100, failedAccessCodeWindowMs: 60_000 });
    expect(readBridgeLimits({ BRIDGE_MAX_FAILED_CODES: '5', BRIDGE_MAX_FAILED_CODES_TOTAL: '5' })).toMatchObject({ maxFailedAccessCodes: 5, maxFailedAccessCodesTotal: 5 });
    expect(() => readBridgeLimits({ BRIDGE_MAX_FAILED_CODES: '50', BRIDGE_MAX_FAILED_CODES_TOTAL: '40' })).toThrow(/BRIDGE_MAX_FAILED_CODES_TOTAL \(40\) must be at least BRIDGE_MAX_FAILED_CODES \(50\)/);
  });
});
