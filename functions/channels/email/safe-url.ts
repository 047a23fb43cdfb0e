/**
 * Links and image sources in an email, reduced to the few kinds that cannot run code or load
 * something on their own: absolute web links, mail and phone links, and images from the message
 * itself or from the web over HTTPS (which the console still blocks until the agent asks).
 * Values arrive with their entities already decoded.
 */

/** What a browser drops from a URL before reading it: surrounding C0 controls and spaces. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const EDGES = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

/** Every invisible or control character: a scheme that only shows once they are gone was hiding. */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;

/** The URL as a browser reads it: also without tabs and newlines anywhere. */
function browserForm(value: string): string {
  return value.replace(/[\t\n\r]/g, '').replace(EDGES, '');
}

function compact(value: string): string {
  return value.replace(INVISIBLE, '');
}

function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
}

/**
 * The scheme as a browser would read it, when nothing hides another one: `java&#9;script:`,
 * `\u200bjavascript:` and `//host` (no scheme of its own) all answer undefined.
 */
function plainScheme(url: string): string | undefined {
  const scheme = schemeOf(url);
  return scheme && scheme === schemeOf(compact(url)) ? scheme : undefined;
}

/** An absolute http(s) URL with a host, rewritten the way the URL standard spells it. */
function webUrl(url: string, schemes: ReadonlySet<string>): string | undefined {
  if (!/^[a-z]+:[/\\]{2}/i.test(url) || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return schemes.has(parsed.protocol) && parsed.hostname ? parsed.href : undefined;
}

const WEB = new Set(['http:', 'https:']);
const SECURE_WEB = new Set(['https:']);

export function safeLink(value: string): string | undefined {
  const url = browserForm(value);
  const scheme = plainScheme(url);
  const rest = url.slice((scheme?.length ?? 0) + 1);
  if (scheme === 'http' || scheme === 'https') return webUrl(url, WEB);
  // An address, then headers such as `?subject=`; a colon before them would be another scheme.
  if (scheme === 'mailto') return /^[^:?]*(\?.*)?$/s.test(compact(rest)) ? `mailto:${rest}` : undefined;
  if (scheme === 'tel') {
    const number = compact(rest);
    return /^\+?[\d().-]{1,32}(;[a-z0-9=.+-]{1,64})*$/i.test(number) ? `tel:${number}` : undefined;
  }
  return undefined;
}

const DATA_IMAGE = /^data:image\/(png|gif|jpeg|jpg|webp);base64,[a-z0-9+/]+={0,2}$/i;

/** `cid:` images only when the attachment was stored (`inlineImages` maps cid → reference). */
export function safeImage(
  value: string,
  inlineImages: Readonly<Record<string, string>> = {},
): string | undefined {
  const url = browserForm(value);
  const scheme = plainScheme(url);
  if (scheme === 'https') return webUrl(url, SECURE_WEB);
  if (scheme === 'cid') {
    const cid = compact(url.slice(4)).replace(/^<|>$/g, '');
    return Object.hasOwn(inlineImages, cid) ? `cid:${cid}` : undefined;
  }
  if (scheme === 'data') {
    const data = compact(url);
    return DATA_IMAGE.test(data) ? data : undefined;
  }
  return undefined;
}
