/** `npm run widget:build`: the chat widget as the one script a company's site serves. */
import { resolve } from 'node:path';
import { parseCommandLine, runCommand } from '#local/command-line.ts';
import { buildWidget, WIDGET_SCRIPT } from '#local/widget-build.ts';

const USAGE = `usage: npm run widget:build [-- --out <file>]

Bundles the chat widget (web/chat/src) with the chat client (packages/chat) into one script, as
npm start does at every start. Host it on the company's site and point it at the API with
data-api (see docs/chat.md).

options:
  --out <file>  where the script goes (default: web/chat/widget.js)
  --help        print this and exit`;

await runCommand('widget:build', async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    usage: USAGE,
    options: { out: { type: 'string' } },
  });
  const built = await buildWidget(values.out ? resolve(values.out) : WIDGET_SCRIPT);
  console.log(`built the chat widget: ${built}`);
});
