import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCommand, UsageError } from '#local/command-line.ts';

/** `npm run bench -- <name> [options]`: runs bench/<name>.ts. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('_'))
  .map((file) => file.replace(/\.ts$/, ''));

const usage = `usage: npm run bench -- <${available.join('|')}> [options]
       npm run bench -- <benchmark> --help    that benchmark's options`;

const [name, ...args] = process.argv.slice(2);
// Errors name the benchmark that met them (`simulate: no such file: …`).
await runCommand(name && available.includes(name) ? name : 'bench', async () => {
  if (!name || name === '--help' || name === '-h') return void console.log(usage);
  if (!available.includes(name))
    throw new UsageError(`unknown benchmark '${name}'; one of ${available.join(', ')}`);
  const module = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<void> };
  await module.run(args);
});
