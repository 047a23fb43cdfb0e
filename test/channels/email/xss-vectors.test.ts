import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '#channels/email/sanitize-html.ts';
import { XSS_VECTORS } from '../../fixtures/email/xss-vectors.ts';

const { window } = new JSDOM('<!doctype html><body></body>');
const purify = createDOMPurify(window);

/** Our output as a browser reads it, inside a document body like the console's frame. */
function parse(html: string): Document {
  return new window.DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
}

const words = (list: string) => new Set(list.split(/\s+/));
const SCRIPT_CAPABLE =
  words(`script style iframe frame frameset object embed applet svg math form input button
  select textarea option template noscript noembed noframes xmp plaintext base meta link portal video audio
  source picture area map isindex title head`);
const URL_ATTRIBUTES = words(
  'href src action formaction xlink:href background poster srcset lowsrc dynsrc cite longdesc data ping',
);
const SAFE_DATA = /^data:image\/(png|gif|jpe?g|webp);base64,/;
/** The presentation the sanitiser promises to keep; anything else in a style is a finding. */
/** The presentation the sanitiser promises to keep; anything else in a style is a finding. */
const STYLE_PROPERTIES =
  words(`color background-color font-weight font-style font-size font-family line-height
  text-decoration text-align vertical-align white-space display width max-width height margin padding border
  border-collapse border-color border-width border-style`);
const SIDED = /^(margin|padding|border)-(top|right|bottom|left)$/;

/** Everything unsafe a browser would find in the markup, in words. */
function findings(html: string): string[] {
  const found: string[] = [];
  const document = parse(html);
  for (const element of document.querySelectorAll('body *')) {
    const name = element.localName;
    if (SCRIPT_CAPABLE.has(name)) found.push(`element ${name}`);
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`foreign ${name}`);
    for (const { name: attribute, value } of Array.from(element.attributes)) {
      if (attribute.startsWith('on')) found.push(`handler ${attribute}`);
      if (attribute === 'id' || attribute === 'name') found.push(`clobbering ${attribute}=${value}`);
      if (URL_ATTRIBUTES.has(attribute)) found.push(...urlFindings(attribute, value));
      if (attribute === 'style') found.push(...styleFindings(value));
    }
  }
  return found;
}

function urlFindings(attribute: string, value: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a browser skips these before the scheme
  const url = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  if (/^(javascript|vbscript|livescript):/.test(url)) return [`script url ${attribute}`];
  if (url.startsWith('data:') && !(attribute === 'src' && SAFE_DATA.test(url)))
    return [`data url ${attribute}`];
  if (/^([/\\]{2}|[a-z]+:[^/])/.test(url) && !/^(mailto|tel|cid|data):/.test(url))
    return [`odd url ${attribute}=${value}`];
  return [];
}

function styleFindings(style: string): string[] {
  const found: string[] = [];
  for (const declaration of style.split(';')) {
    const [property = '', value = ''] = declaration.split(':').map((part) => part.trim().toLowerCase());
    if (!STYLE_PROPERTIES.has(property) && !SIDED.test(property)) found.push(`style property ${property}`);
    if (/url|expression|behavio|binding|@import|\\|\/\*/.test(value)) found.push(`style value ${value}`);
    if (/(^|[\s(,])-\d/.test(value)) found.push(`negative ${property}: ${value}`);
    if (property === 'display' && value === 'none') found.push('hidden content');
  }
  return found;
}

/**
 * What DOMPurify may take out of our output. Its defaults leave out `target` because a page
 * opened in a new tab could reach back through `window.opener`; every link we open in a new tab
 * also carries `rel="noopener noreferrer"`, which closes that.
 */
const PURIFIER_MAY_REMOVE = new Set(['attribute target=_blank']);

/** What DOMPurify takes out of our output: it should find nothing left to take. */
function purifierRemovals(html: string): string[] {
  purify.sanitize(html);
  return purify.removed
    .map((removal) =>
      'attribute' in removal && removal.attribute
        ? `attribute ${removal.attribute.name}=${removal.attribute.value}`
        : `element ${(removal as { element: Element }).element.nodeName.toLowerCase()}`,
    )
    .filter((removal) => !PURIFIER_MAY_REMOVE.has(removal));
}

/** Markup that a parse and a serialisation change again is markup that mutates (mXSS). */
function reserialised(html: string): string {
  return parse(html).body.innerHTML;
}

describe.each(XSS_VECTORS.map((vector, index) => ({ ...vector, index })))(
  '$family vector $index',
  ({ html }) => {
    const out = sanitizeHtml(html);

    it('leaves nothing that runs, loads, navigates unasked or restyles the page', () => {
      expect(findings(out), `${html}\n→ ${out}`).toEqual([]);
    });

    it('leaves DOMPurify nothing to remove', () => {
      expect(purifierRemovals(out), `${html}\n→ ${out}`).toEqual([]);
    });

    it('is stable when a browser reads it again', () => {
      const once = reserialised(out);
      expect(reserialised(once)).toBe(once);
      expect(sanitizeHtml(once)).toBe(sanitizeHtml(reserialised(sanitizeHtml(once))));
    });
  },
);

it('covers at least 150 vectors across every family', () => {
  expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(150);
  expect(new Set(XSS_VECTORS.map(({ family }) => family)).size).toBeGreaterThanOrEqual(10);
});

it('the checks themselves catch what the vectors try', () => {
  const raw = XSS_VECTORS.filter(
    ({ html }) => findings(html).length > 0 || purifierRemovals(html).length > 0,
  );
  expect(raw.length / XSS_VECTORS.length).toBeGreaterThan(0.8);
});
