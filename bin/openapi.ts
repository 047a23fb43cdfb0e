import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../functions/contract/openapi.ts';
import { subsetOf, typescriptOf } from '../functions/contract/typescript.ts';
import { parseCommandLine, runCommand } from '../functions/local/command-line.ts';

/**
 * `npm run openapi`: writes docs/openapi.json from functions/routes.ts and the handlers' zod
 * schemas, and from it the typed paths of the console and of the chat client (its chat routes
 * only). `--check` writes nothing and fails while a
 * committed file says anything else (CI runs it).
 */
export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);
export const PATHS_FILE = new URL('../console/src/api-paths.ts', import.meta.url);
export const CHAT_PATHS_FILE = new URL('../packages/chat/src/api-paths.ts', import.meta.url);
const CHAT_ROUTES = (path: string) => path.startsWith('/chat/');

const USAGE = `usage: npm run openapi [-- --check]

Writes docs/openapi.json, console/src/api-paths.ts and packages/chat/src/api-paths.ts from the
route manifest and its schemas.
  --check   write nothing; exit 1 when any committed file is stale`;

/** What the three files should hold now. */
export function generated(): {
  document: ReturnType<typeof openApiDocument>;
  paths: string;
  chatPaths: string;
} {
  const document = openApiDocument();
  const json = document as unknown as Record<string, unknown>;
  return { document, paths: typescriptOf(json), chatPaths: typescriptOf(subsetOf(json, CHAT_ROUTES)) };
}

/** The committed files that differ from what the schemas generate. */
export async function staleFiles(): Promise<string[]> {
  const { document, paths, chatPaths } = generated();
  const stale: string[] = [];
  const committed = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
  if (committed === '' || JSON.stringify(JSON.parse(committed)) !== JSON.stringify(document)) {
    stale.push('docs/openapi.json');
  }
  if ((await readFile(PATHS_FILE, 'utf8').catch(() => '')) !== paths) stale.push('console/src/api-paths.ts');
  if ((await readFile(CHAT_PATHS_FILE, 'utf8').catch(() => '')) !== chatPaths) {
    stale.push('packages/chat/src/api-paths.ts');
  }
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
      console.error(`openapi: ${stale.join(', ')} stale: run npm run openapi`);
      return 1;
    }
    const { document, paths, chatPaths } = generated();
    await writeFile(OPENAPI_FILE, `${JSON.stringify(document, null, 2)}\n`);
    execFileSync('npx', ['biome', 'format', '--write', fileURLToPath(OPENAPI_FILE)], { stdio: 'ignore' });
    await writeFile(PATHS_FILE, paths);
    await writeFile(CHAT_PATHS_FILE, chatPaths);
    console.log('wrote docs/openapi.json, console/src/api-paths.ts and packages/chat/src/api-paths.ts');
    return 0;
  });
}
