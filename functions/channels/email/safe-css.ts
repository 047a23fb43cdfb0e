/**
 * Inline styles an email may keep: colours, type and spacing with bounded values, so a message
 * can be legible and laid out but cannot cover the page, push itself off it, hide its own text,
 * load anything (no `url()`, no `@import`) or run anything (no `expression()`, `behavior`,
 * `-moz-binding`). Everything else is dropped declaration by declaration.
 */

type Check = (value: string) => boolean;

const COLOUR = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|[a-z]{3,20}|(rgb|hsl)a?\([\d.%\s,/]{1,40}\))$/i;
const colour: Check = (value) => COLOUR.test(value);

const keywords =
  (...words: string[]): Check =>
  (value) =>
    words.includes(value.toLowerCase());

/** A non-negative length between `min[unit]` and `max[unit]`; a bare 0 where there is no minimum. */
const length =
  (max: Partial<Record<string, number>>, min: Partial<Record<string, number>> = {}): Check =>
  (value) => {
    if (value === '0') return Object.keys(min).length === 0;
    const match = /^(\d{1,5}(?:\.\d{1,3})?|\.\d{1,3})(px|pt|em|rem|%)$/i.exec(value);
    const unit = match?.[2]?.toLowerCase() ?? '';
    const limit = max[unit];
    const amount = Number(match?.[1]);
    return limit !== undefined && amount <= limit && amount >= (min[unit] ?? 0);
  };

/** One to `count` space-separated values (`rgb(…)` counts as one), each passing `check`. */
const each =
  (check: Check, count: number): Check =>
  (value) => {
    const parts = value.match(/[^\s(]+(\([^)]*\))?/g) ?? [];
    return parts.length >= 1 && parts.length <= count && parts.join(' ') === value && parts.every(check);
  };

const either =
  (...checks: Check[]): Check =>
  (value) =>
    checks.some((check) => check(value));

const SPACING = length({ px: 64, pt: 48, em: 4, rem: 4, '%': 10 });
const BORDER_WIDTH = either(length({ px: 10, pt: 8, em: 1, rem: 1 }), keywords('thin', 'medium', 'thick'));
const BORDER_STYLE = keywords(
  'none',
  'hidden',
  'solid',
  'dashed',
  'dotted',
  'double',
  'groove',
  'ridge',
  'inset',
  'outset',
);
const BORDER = each(either(BORDER_WIDTH, BORDER_STYLE, colour), 3);
const SIZE = either(length({ px: 1200, pt: 900, em: 75, rem: 75, '%': 100 }), keywords('auto'));

const PROPERTIES: Record<string, Check> = {
  color: colour,
  'background-color': colour,
  'font-weight': keywords(
    'normal',
    'bold',
    'bolder',
    'lighter',
    '100',
    '200',
    '300',
    '400',
    '500',
    '600',
    '700',
    '800',
    '900',
  ),
  'font-style': keywords('normal', 'italic', 'oblique'),
  'font-size': either(
    length({ px: 48, pt: 36, em: 3, rem: 3, '%': 300 }, { px: 8, pt: 6, em: 0.5, rem: 0.5, '%': 50 }),
    keywords('xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'smaller', 'larger'),
  ),
  'font-family': (value) => /^[\w\s,'"-]{1,200}$/.test(value),
  'line-height': either(
    (value) => /^\d(\.\d{1,3})?$/.test(value) && Number(value) <= 3,
    length({ px: 64, pt: 48, em: 3, rem: 3, '%': 300 }),
    keywords('normal'),
  ),
  'text-decoration': each(keywords('none', 'underline', 'overline', 'line-through'), 3),
  'text-align': keywords('left', 'right', 'center', 'justify', 'start', 'end'),
  'vertical-align': keywords(
    'top',
    'middle',
    'bottom',
    'baseline',
    'sub',
    'super',
    'text-top',
    'text-bottom',
  ),
  'white-space': keywords('normal', 'nowrap', 'pre', 'pre-wrap', 'pre-line'),
  display: keywords('block', 'inline', 'inline-block', 'table', 'table-row', 'table-cell'),
  width: SIZE,
  'max-width': SIZE,
  height: SIZE,
  margin: each(either(SPACING, keywords('auto')), 4),
  padding: each(SPACING, 4),
  'border-collapse': keywords('collapse', 'separate'),
  'border-color': each(colour, 4),
  'border-width': each(BORDER_WIDTH, 4),
  'border-style': each(BORDER_STYLE, 4),
  border: BORDER,
};
for (const side of ['top', 'right', 'bottom', 'left']) {
  PROPERTIES[`margin-${side}`] = either(SPACING, keywords('auto'));
  PROPERTIES[`padding-${side}`] = SPACING;
  PROPERTIES[`border-${side}`] = BORDER;
}

/** A declaration list rebuilt from the declarations that pass; undefined when none does. */
export function cleanStyle(style: string): string | undefined {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim()
      .replace(/\s+/g, ' ');
    if (Object.hasOwn(PROPERTIES, property) && PROPERTIES[property]?.(value))
      kept.push(`${property}: ${value}`);
  }
  return kept.length ? kept.join('; ') : undefined;
}
