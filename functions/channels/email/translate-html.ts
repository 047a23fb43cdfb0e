import type { MarkupTranslator } from '#core/translation.ts';
import { escapeText, sanitizeHtml } from './sanitize-html.ts';

/**
 * Sanitised HTML is tags with escaped text between them: no `<` or `>` survives inside text or
 * attribute values, so splitting on tags finds every piece of text and nothing else.
 */
const TAG = /(<[^>]*>)/;

/** Text worth a translation: pieces without a letter ("42", "—") stay as they are. */
const LETTER = /\p{L}/u;

/**
 * An email's HTML part in another language: sanitised as every reply is, then each piece of text
 * between tags translated on its own (one call per distinct piece), with its surrounding spaces
 * and every tag and attribute kept, so the layout the agent chose is the one the customer gets.
 */
export const translateHtml: MarkupTranslator = async (html, translate) => {
  const parts = sanitizeHtml(html).split(TAG);
  const translated = new Map<string, string>();
  for (const [index, part] of parts.entries()) {
    const isText = index % 2 === 0;
    const core = part.trim();
    if (!isText || !LETTER.test(core)) continue;
    const source = unescapeText(core);
    const target = translated.get(source) ?? (await translate(source));
    translated.set(source, target);
    const lead = part.slice(0, part.length - part.trimStart().length);
    const trail = part.slice(part.trimEnd().length);
    parts[index] = `${lead}${escapeText(target)}${trail}`;
  }
  return parts.join('');
};

function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
