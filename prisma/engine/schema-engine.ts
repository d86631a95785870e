/**
 * Prisma's own WebAssembly schema engine, loaded without `--experimental-wasm-modules`.
 *
 * The package is built for bundlers (`import * as wasm from "./x.wasm"`), which plain Node
 * and Vitest cannot import. Instantiating the bytes ourselves and handing the exports to
 * wasm-bindgen's glue is exactly what that import does, so any Node 20 process can run
 * migrations without the native engine binary (which cannot be downloaded offline).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

/** The slice of the WebAssembly global used here (Node has it; its types live in lib.dom). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

/**
 * The engine leaves a ~10 s timer behind after each command, which kept `npm run migrate`
 * alive for 10 s after it was done. Its timers never need to hold the process open.
 */
function withUnrefTimers(glue: Glue): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, milliseconds: number) => setTimeout(callback, milliseconds >>> 0).unref();
  }
  return imports;
}

let gluePromise: Promise<Glue> | undefined;

function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
    const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const { instance } = await wasm.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

export interface EngineOptions {
  schemaPath: string;
  schemaText: string;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  log?: (line: string) => void;
}

export async function openSchemaEngine({ schemaPath, schemaText, adapter, log }: EngineOptions): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadGlue();
  return SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    (line: string) => log?.(line),
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
}
