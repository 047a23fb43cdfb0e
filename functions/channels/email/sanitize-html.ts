/**
 * HTML from an email, made safe to show an agent: parsed, then rebuilt from an allow-list of
 * formatting tags and attributes, so nothing the sender wrote reaches the page except escaped text
 * and the attribute values checked here. Scripts, style sheets, frames, forms, foreign content
 * (SVG, MathML) and event handlers go; links open in a new tab without a referrer; images come from
 * the message itself (`cid:` links to attachments that were stored; `email.inlineImages` maps
 * them), inline `data:` images, or HTTPS, which the console blocks until the agent asks.
 */
import { type HtmlElement, type HtmlNode, parseHtml } from './html-tree.ts';
import { cleanStyle } from './safe-css.ts';
import { safeImage, safeLink } from './safe-url.ts';

/** Beyond this the rest is not read: the stored HTML is capped far lower, and parsing is not free. */
const MAX_INPUT = 2 * 1024 * 1024;

const VOID_TAGS = new Set(['br', 'col', 'hr', 'img']);

/**
 * Dropped with what they hold when their own end tag closes them. Left open, they only lose the
 * tag, so a stray `<svg>` cannot take the rest of the message with it.
 */
const DROP_CONTENT = new Set(['script', 'style', 'title', 'template', 'svg', 'math']);

export interface SanitizeOptions {
  /** Inline images that were stored, by `cid`; other `cid:` links are dropped. */
  inlineImages?: Readonly<Record<string, string>>;
}

/** An attribute's cleaned value, or undefined to drop it. */
type Clean = (value: string, options: SanitizeOptions) => string | undefined;

const matching =
  (pattern: RegExp): Clean =>
  (value) =>
    pattern.test(value.trim()) ? value.trim() : undefined;

const integer =
  (min: number, max: number): Clean =>
  (value) => {
    const number = Number(value.trim());
    return /^-?\d{1,7}$/.test(value.trim()) && number >= min && number <= max ? String(number) : undefined;
  };

/** Pixels up to 1200 or a share of the width. */
const dimension: Clean = (value) => {
  const match = /^(\d{1,4})(px|%)?$/i.exec(value.trim());
  const amount = Number(match?.[1]);
  if (!match || amount > (match[2] === '%' ? 100 : 1200)) return undefined;
  return `${amount}${match[2] ?? ''}`;
};

/** Captions; one holding markup is a probe for a parser that would read it as tags, not a caption. */
const text: Clean = (value) => (/<[/!?a-z]|-->|]]>/i.test(value) ? undefined : value.slice(0, 1000));
const colour = matching(/^(#?[0-9a-f]{3,8}|[a-z]{3,20})$/i);

const GLOBAL_ATTRIBUTES: Record<string, Clean> = {
  title: text,
  dir: matching(/^(ltr|rtl|auto)$/i),
  lang: matching(/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i),
  align: matching(/^(left|right|center|justify)$/i),
  valign: matching(/^(top|middle|bottom|baseline)$/i),
  width: dimension,
  height: dimension,
  style: (value) => cleanStyle(value),
};

const CELL: Record<string, Clean> = {
  colspan: integer(1, 100),
  rowspan: integer(0, 100),
  bgcolor: colour,
  nowrap: () => '',
};

const TAGS: Record<string, Record<string, Clean>> = {
  a: { href: (value) => safeLink(value) },
  abbr: {},
  b: {},
  blockquote: { type: matching(/^cite$/i) },
  br: {},
  caption: {},
  center: {},
  cite: {},
  code: {},
  col: { span: integer(1, 100) },
  colgroup: { span: integer(1, 100) },
  dd: {},
  del: {},
  div: {},
  dl: {},
  dt: {},
  em: {},
  font: { color: colour, face: matching(/^[\w\s,'"-]{1,200}$/), size: matching(/^[+-]?[1-7]$/) },
  h1: {},
  h2: {},
  h3: {},
  h4: {},
  h5: {},
  h6: {},
  hr: {},
  i: {},
  img: { src: (value, options) => safeImage(value, options.inlineImages), alt: text },
  ins: {},
  li: { value: integer(-999_999, 999_999) },
  ol: { start: integer(-999_999, 999_999), type: matching(/^[1aAiI]$/) },
  p: {},
  pre: {},
  q: {},
  s: {},
  small: {},
  span: {},
  strike: {},
  strong: {},
  sub: {},
  sup: {},
  table: {
    border: integer(0, 10),
    cellpadding: integer(0, 64),
    cellspacing: integer(0, 64),
    bgcolor: colour,
  },
  tbody: {},
  td: CELL,
  tfoot: {},
  th: CELL,
  thead: {},
  tr: { bgcolor: colour },
  u: {},
  ul: { type: matching(/^(disc|circle|square)$/i) },
};

export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  return serialize(parseHtml(html.slice(0, MAX_INPUT)), options);
}

/** Depth-first without recursion: a message can nest deeper than the call stack goes. */
function serialize(root: HtmlElement, options: SanitizeOptions): string {
  const out: string[] = [];
  const pending: Array<HtmlNode | { end: string }> = [...root.children].reverse();
  while (pending.length) {
    const node = pending.pop() as HtmlNode | { end: string };
    if (typeof node === 'string') out.push(escapeText(node));
    else if ('end' in node) out.push(node.end);
    else if (Object.hasOwn(TAGS, node.name)) {
      out.push(openTag(node, options));
      if (VOID_TAGS.has(node.name)) continue;
      pending.push({ end: `</${node.name}>` });
      pushChildren(pending, node);
    } else if (!(DROP_CONTENT.has(node.name) && node.closed)) pushChildren(pending, node);
  }
  return out.join('');
}

function pushChildren(pending: Array<HtmlNode | { end: string }>, element: HtmlElement): void {
  for (let index = element.children.length - 1; index >= 0; index -= 1)
    pending.push(element.children[index] as HtmlNode);
}

function openTag(element: HtmlElement, options: SanitizeOptions): string {
  const kept: string[] = [];
  for (const [attribute, raw] of Object.entries(element.attributes)) {
    const value = cleanerOf(element.name, attribute)?.(raw, options);
    if (value !== undefined) kept.push(` ${attribute}="${escapeAttribute(value)}"`);
  }
  if (element.name === 'a' && kept.some((attribute) => attribute.startsWith(' href=')))
    kept.push(' target="_blank" rel="noopener noreferrer nofollow"');
  return `<${element.name}${kept.join('')}>`;
}

function cleanerOf(tag: string, attribute: string): Clean | undefined {
  const own = TAGS[tag];
  if (own && Object.hasOwn(own, attribute)) return own[attribute];
  return Object.hasOwn(GLOBAL_ATTRIBUTES, attribute) ? GLOBAL_ATTRIBUTES[attribute] : undefined;
}

/** Text as it reads between tags. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
