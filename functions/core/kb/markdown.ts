import MarkdownIt from 'markdown-it';
import { sanitizeHtml } from '#channels/email/sanitize-html.ts';

/**
 * Raw HTML in a body is shown as text, never parsed: an article is written by a supervisor but
 * read on customers' pages, so what markdown-it emits still goes through the sanitiser's
 * allow-list (no scripts, no event handlers, safe links only, opened without a referrer).
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function renderMarkdown(body: string): string {
  return sanitizeHtml(markdown.render(body));
}

/** The words of a body without its markup: what search indexes and snippets quote. */
export function plainText(body: string): string {
  const words: string[] = [];
  for (const block of markdown.parse(body, {})) {
    for (const token of block.children ?? []) {
      if (token.type === 'text' || token.type === 'code_inline') words.push(token.content);
      else if (token.type === 'softbreak' || token.type === 'hardbreak') words.push(' ');
    }
    if (block.type === 'fence' || block.type === 'code_block') words.push(block.content);
    if (block.type.endsWith('_close')) words.push(' ');
  }
  return words.join('').replace(/\s+/g, ' ').trim();
}

/** The first words of a text, cut at a word boundary. */
export function snippet(text: string, max = 180): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
