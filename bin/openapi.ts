import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../functions/contract/openapi.ts';
import { typescriptOf } from '../functions/contract/typescript.ts';
import { parseCommandLine, runCommand } from '../functions/local/command-line.ts';

/**
 * `npm run openapi`: writes docs/openapi.json from functions/routes.ts and the handlers' zod
 * schemas, and the console's typed paths from it. `--check` writes nothing and fails while a
 * committed file says anything else (CI runs it).
 */
export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);
export const PATHS_FILE = new URL('../console/src/api-paths.ts', import.meta.url);

const USAGE = `usage: npm run openapi [-- --check]

Writes docs/openapi.json and console/src/api-paths.ts from the route manifest and its schemas.
  --check   write nothing; exit 1 when either committed file is stale`;

/** What the two files should hold now. */
export function generated(): { document: ReturnType<typeof openApiDocument>; paths: string } {
  const document = openApiDocument();
  return { document, paths: typescriptOf(document as unknown as Record<string, unknown>) };
}

/** The committed files that differ from what the schemas generate. */
export async function staleFiles(): Promise<string[]> {
  const { document, paths } = generated();
  const stale: string[] = [];
  const committed = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
  if (committed === '' || JSON.stringify(JSON.parse(committed)) !== JSON.stringify(document)) {
    stale.push('docs/openapi.json');
  }
  if ((await readFile(PATHS_FILE, 'utf8').catch(() => '')) !== paths) stale.push('console/src/api-paths.ts');
  return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runCommand('openapi', async () => {
    const { values } = parseCommandLine(process.argv.slice(2), {
      usage: USAGE,
      options: { check: { type: 'boolean' } },
    });
    if (values.check) {
      const stale = await staleFiles();
      if (stale.length === 0) return 0;
      console.error(`openapi: ${stale.join(' and ')} stale: run npm run openapi`);
      return 1;
    }
    const { document, paths } = generated();
    await writeFile(OPENAPI_FILE, `${JSON.stringify(document, null, 2)}\n`);
    execFileSync('npx', ['biome', 'format', '--write', fileURLToPath(OPENAPI_FILE)], { stdio: 'ignore' });
    await writeFile(PATHS_FILE, paths);
    console.log('wrote docs/openapi.json and console/src/api-paths.ts');
    return 0;
  });
}
