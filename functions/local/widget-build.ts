import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The chat widget's source (with the chat client of packages/chat) and the one script served. */
export const WIDGET_DIR = fileURLToPath(new URL('../../web/chat/', import.meta.url));
export const WIDGET_SOURCE = join(WIDGET_DIR, 'src', 'widget.js');
export const WIDGET_SCRIPT = join(WIDGET_DIR, 'widget.js');

/** How the widget is bundled: one classic script that any page can load with a `<script>` tag. */
export const WIDGET_BUILD: BuildOptions = {
  entryPoints: [WIDGET_SOURCE],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  legalComments: 'none',
  banner: { js: '// OneThread chat widget, built from web/chat/src and packages/chat: edit those.' },
};

/**
 * Bundles the widget into `web/chat/widget.js`, as `npm start` does each time (it takes a moment).
 * The bundle goes to a file of its own first, so a platform starting beside this one (tests) never
 * serves half a script.
 */
export async function buildWidget(outfile = WIDGET_SCRIPT): Promise<string> {
  const esbuild = await import('esbuild');
  const partial = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  await esbuild.build({ ...WIDGET_BUILD, outfile: partial, logLevel: 'error' });
  await rename(partial, outfile);
  return outfile;
}
