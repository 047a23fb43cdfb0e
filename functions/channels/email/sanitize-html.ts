/**
 * HTML from an email, made safe to show an agent: an allow-list of formatting tags and
 * attributes, rebuilt from scratch rather than edited, so nothing the sender wrote reaches the
 * page except escaped text and the attributes kept here. Scripts, styles sheets, frames, forms
 * and event handlers go; links open in a new tab without a referrer; images load only from the
 * message itself (`cid:` links to attachments that were stored; `email.inlineImages` maps them)
 * or inline `data:` images, so opening a message never tells a tracker it was read.
 */

const ALLOWED_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]);

const VOID_TAGS = new Set(['br', 'col', 'hr', 'img']);

/** Dropped together with everything inside them. */
const DROP_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'noembed',
  'template',
  'head',
  'title',
  'textarea',
  'select',
  'svg',
  'math',
  'xmp',
  'plaintext',
]);

const GLOBAL_ATTRIBUTES = new Set(['title', 'dir', 'lang', 'align', 'valign', 'width', 'height', 'style']);
const TAG_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(['href', 'name']),
  img: new Set(['src', 'alt']),
  font: new Set(['color', 'face', 'size']),
  table: new Set(['border', 'cellpadding', 'cellspacing', 'bgcolor']),
  td: new Set(['colspan', 'rowspan', 'bgcolor', 'nowrap']),
  th: new Set(['colspan', 'rowspan', 'bgcolor', 'nowrap']),
  tr: new Set(['bgcolor']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'type']),
  ul: new Set(['type']),
  li: new Set(['value']),
  blockquote: new Set(['cite', 'type']),
  q: new Set(['cite']),
};

const STYLE_PROPERTIES = new Set([
  'color',
  'background-color',
  'font-weight',
  'font-style',
  'font-size',
  'font-family',
  'text-decoration',
  'text-align',
  'vertical-align',
  'line-height',
  'white-space',
  'width',
  'max-width',
  'height',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'border',
  'border-top',
  'border-bottom',
  'border-left',
  'border-right',
  'border-collapse',
  'border-color',
  'border-width',
  'border-style',
  'display',
]);

export interface SanitizeOptions {
  /** Inline images that were stored, by `cid`; other `cid:` links are dropped. */
  inlineImages?: Readonly<Record<string, string>>;
}

export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(escapeText(html.slice(i)));
      break;
    }
    out.push(escapeText(html.slice(i, lt)));
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (/^<[!?]/.test(html.slice(i, i + 2))) {
      const end = html.indexOf('>', i);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    const tag = readTag(html, i);
    if (!tag) {
      out.push('&lt;');
      i += 1;
      continue;
    }
    i = tag.end;
    if (tag.closing) {
      closeTag(tag.name, open, out);
    } else if (DROP_CONTENT.has(tag.name)) {
      if (!tag.selfClosing) i = skipPast(html, i, tag.name);
    } else if (ALLOWED_TAGS.has(tag.name)) {
      out.push(openTag(tag.name, tag.attributes, options));
      if (!VOID_TAGS.has(tag.name) && !tag.selfClosing) open.push(tag.name);
    }
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join('');
}

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attributes: Array<[string, string]>;
  end: number;
}

/** Reads `<name attr=value …>` at `start`; undefined when the `<` does not open a tag. */
function readTag(html: string, start: number): Tag | undefined {
  const head = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(start, start + 64));
  if (!head) return undefined;
  const closing = head[1] === '/';
  const name = (head[2] ?? '').toLowerCase();
  const attributes: Array<[string, string]> = [];
  let i = start + head[0].length;
  let selfClosing = false;
  const attribute = /\s*([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?|\s*(\/)|\s+/y;
  while (i < html.length && html[i] !== '>') {
    attribute.lastIndex = i;
    const match = attribute.exec(html);
    if (!match || match[0].length === 0) {
      i += 1;
      continue;
    }
    i = attribute.lastIndex;
    if (match[5]) {
      selfClosing = true;
    } else if (match[1]) {
      attributes.push([match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '']);
    }
  }
  return { name, closing, selfClosing, attributes, end: Math.min(i + 1, html.length) };
}

function skipPast(html: string, from: number, name: string): number {
  const closer = new RegExp(`</${name}\\s*>`, 'ig');
  closer.lastIndex = from;
  const match = closer.exec(html);
  return match ? closer.lastIndex : html.length;
}

function closeTag(name: string, open: string[], out: string[]): void {
  const index = open.lastIndexOf(name);
  if (index < 0) return;
  while (open.length > index) out.push(`</${open.pop()}>`);
}

function openTag(name: string, attributes: Array<[string, string]>, options: SanitizeOptions): string {
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const [attribute, rawValue] of attributes) {
    if (seen.has(attribute)) continue;
    if (!GLOBAL_ATTRIBUTES.has(attribute) && !TAG_ATTRIBUTES[name]?.has(attribute)) continue;
    const value = cleanValue(name, attribute, decodeEntities(rawValue), options);
    if (value === undefined) continue;
    seen.add(attribute);
    kept.push(` ${attribute}="${escapeAttribute(value)}"`);
  }
  if (name === 'a' && seen.has('href')) kept.push(' target="_blank" rel="noopener noreferrer nofollow"');
  return `<${name}${kept.join('')}>`;
}

function cleanValue(
  tag: string,
  attribute: string,
  value: string,
  options: SanitizeOptions,
): string | undefined {
  if (attribute === 'style') return cleanStyle(value);
  if (attribute === 'href') return safeLink(value);
  if (attribute === 'cite') return safeLink(value) === undefined ? undefined : value;
  if (attribute === 'src' && tag === 'img') return safeImage(value, options);
  return value;
}

function safeLink(value: string): string | undefined {
  const url = compact(value);
  if (url.startsWith('#')) return value.trim();
  return /^(https?:|mailto:|tel:)/i.test(url) ? value.trim() : undefined;
}

function safeImage(value: string, options: SanitizeOptions): string | undefined {
  const url = compact(value);
  if (/^cid:/i.test(url)) {
    const cid = url.slice(4).replace(/^<|>$/g, '');
    return options.inlineImages?.[cid] ? `cid:${cid}` : undefined;
  }
  return /^data:image\/(png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]+$/i.test(url) ? value.trim() : undefined;
}

/** Whitespace and control characters inside a scheme (`jav\tascript:`) must not hide it. */
function compact(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\ufeff]+/g, '');
}

function cleanStyle(style: string): string | undefined {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!STYLE_PROPERTIES.has(property) || !value) continue;
    if (!/^[#\w\s.,%'"!-]+$/.test(value) || /expression|url|\\|@import|behavio|binding/i.test(value))
      continue;
    if (
      property === 'display' &&
      !/^(block|inline|inline-block|none|table|table-cell|table-row)$/i.test(value)
    )
      continue;
    kept.push(`${property}: ${value}`);
  }
  return kept.length ? kept.join('; ') : undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  lpar: '(',
  rpar: ')',
};

/** Attribute values are decoded before they are checked, so `&#106;avascript:` is seen as such. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1]?.toLowerCase() === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function escapeText(text: string): string {
  return text
    .replace(/&(?!(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
