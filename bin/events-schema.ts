import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { domainEventsJsonSchema } from '#core/domain-events-schema.ts';

/**
 * `npx tsx bin/events-schema.ts`: writes docs/events.schema.json from the events' zod schemas,
 * the one source of truth, formatted as the linter wants it. A test fails while the committed
 * file says anything else.
 */
export const EVENTS_SCHEMA_FILE = new URL('../docs/events.schema.json', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(EVENTS_SCHEMA_FILE, `${JSON.stringify(domainEventsJsonSchema(), null, 2)}\n`);
  execFileSync('npx', ['biome', 'format', '--write', fileURLToPath(EVENTS_SCHEMA_FILE)], { stdio: 'ignore' });
  console.log('wrote docs/events.schema.json');
}
