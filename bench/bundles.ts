import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { integerOption, parseCommandLine } from '#local/command-line.ts';
import { deployedEnv } from '#local/deployed-env.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { markdownTable } from './sim/markdown.ts';
import { Progress } from './sim/progress.ts';
import { percentile } from './sim/stats.ts';

/** The size each function may reach, minified and without the AWS SDK (the MIME parser's is larger). */
const BUDGET_BYTES = 300 * 1024;
const EMAIL_BUDGET_BYTES = 1024 * 1024;

// Under node_modules, so the bundles find the AWS SDK they leave out, as Lambda's runtime provides it.
const OUT_DIR = path.resolve('node_modules/.cache/onethread-bundles');

interface BundleFigures {
  name: string;
  bytes: number;
  budgetBytes: number;
  /** The three packages (or `functions/`) that weigh most in the bundle. */
  heaviest: { name: string; bytes: number }[];
  importMs: number;
}

/**
 * `npm run bench -- bundles [--imports N] [--json]`: each function's Lambda bundle as the stack
 * builds it (esbuild, ESM, node22, minified, the AWS SDK external), its size against its budget
 * and what weighs most in it, and how long Node takes to import it, against an empty module
 * imported the same way in the same run.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseCommandLine(args, {
    usage: 'usage: npm run bench -- bundles [--imports 5] [--json]',
    options: { imports: { type: 'string' }, json: { type: 'boolean' } },
  });
  const imports = integerOption(values.imports, 'imports', 5);
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  try {
    const baselineFile = path.join(OUT_DIR, 'empty.mjs');
    writeFileSync(baselineFile, 'export {};\n');
    const baselineMs = importTime(baselineFile, {}, imports);
    const names = Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[];
    const progress = new Progress('bundling and importing', names.length);
    const figures: BundleFigures[] = [];
    for (const [n, name] of names.entries()) {
      figures.push(await measure(name, imports));
      progress.update(n + 1);
    }
    progress.done();
    if (values.json)
      console.log(JSON.stringify({ benchmark: 'bundles', imports, baselineMs, functions: figures }));
    else printFigures(figures, baselineMs);
  } finally {
    rmSync(OUT_DIR, { recursive: true, force: true });
  }
}

async function measure(name: keyof typeof FUNCTIONS, imports: number): Promise<BundleFigures> {
  const outfile = path.join(OUT_DIR, `${name}.mjs`);
  const result = await build({
    entryPoints: [FUNCTIONS[name].entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    external: ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire as __req } from 'node:module';const require = __req(import.meta.url);",
    },
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  return {
    name,
    bytes: output?.bytes ?? 0,
    budgetBytes: name === 'emailInbound' ? EMAIL_BUDGET_BYTES : BUDGET_BYTES,
    heaviest: heaviest(result.metafile),
    importMs: importTime(outfile, deployedEnv(name), imports),
  };
}

/** Bytes in the bundle by package (`functions/` for the project's own code), heaviest first. */
function heaviest(metafile: Metafile): { name: string; bytes: number }[] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const owner = match?.[1] ?? input.split('/')[0] ?? input;
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .map(([packageName, bytes]) => ({ name: packageName, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3);
}

/**
 * The median time a fresh Node process takes to import the file, as a cold start does: the
 * entry checks and parses its environment and composes its dependencies, so it is given the
 * variables the stack sets for it (nothing is called).
 */
function importTime(file: string, env: FunctionEnv, runs: number): number {
  const script =
    'const s=performance.now();await import(process.argv[1]);process.stdout.write(String(performance.now()-s))';
  const times = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
        env: { ...process.env, ...env, AWS_REGION: 'us-east-1', POWERTOOLS_METRICS_DISABLED: 'true' },
        encoding: 'utf8',
      }),
    ),
  );
  return percentile(times, 50);
}

function printFigures(figures: BundleFigures[], baselineMs: number): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `Lambda bundles (minified, AWS SDK external); import time is the median of fresh processes, ` +
      `against an empty module (${baselineMs.toFixed(1)} ms):\n`,
  );
  console.log(
    markdownTable(
      ['function', 'bundle', 'budget', 'within', 'heaviest parts', 'import', '÷ empty'],
      figures.map((f) => [
        f.name,
        kb(f.bytes),
        kb(f.budgetBytes),
        f.bytes <= f.budgetBytes ? 'yes' : 'no',
        f.heaviest.map((part) => `${part.name} ${kb(part.bytes)}`).join(', '),
        `${f.importMs.toFixed(0)} ms`,
        `${(f.importMs / baselineMs).toFixed(1)}×`,
      ]),
    ),
  );
  const over = figures.filter((f) => f.bytes > f.budgetBytes).length;
  console.log(`\n${figures.length - over} of ${figures.length} functions within their budget.`);
}
