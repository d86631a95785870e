/**
 * The services compiled to plain JavaScript in dist/ (same tree as the source), so that they run
 * on Node alone. Run from source, every service also carries the TypeScript loader (tsx): its
 * loader thread and transformed sources cost about 35 MB of resident memory a process, for
 * nothing once the service has started. esbuild compiles file by file, as tsx does, so the code
 * that runs is the same; type checking stays with `npm run typecheck`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../../subgraphs/catalog.js';

/** The folders services load code from; tests and scripts run from source. */
const SERVICE_SOURCES = ['gateway', 'subgraphs', 'prisma'];
export const BUILD_DIR = path.join(projectRoot, 'dist');

function typeScriptFiles(folder: string): string[] {
  return readdirSync(path.join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.join(projectRoot, folder, file));
}

/** Compiles every service source file; returns how many. */
export async function buildServices(): Promise<number> {
  return buildFiles(SERVICE_SOURCES.flatMap(typeScriptFiles));
}

/** Compiles the files of a source folder besides the services' (the benchmark's peer gateways), which they may import. */
export async function buildFolder(folder: string): Promise<number> {
  return buildFiles(typeScriptFiles(folder));
}

async function buildFiles(entryPoints: string[]): Promise<number> {
  await build({
    entryPoints,
    outdir: BUILD_DIR,
    outbase: projectRoot,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return entryPoints.length;
}

/** Where the built copy of a source file is (`subgraphs/sales/index.ts` → `dist/subgraphs/sales/index.js`). */
export function builtFile(source: string): string {
  return path.join(BUILD_DIR, source.replace(/\.ts$/, '.js'));
}
