import { Parser } from 'htmlparser2';

/** A parsed element; `closed` says its own end tag closed it (not the end of input or a parent's). */
export interface HtmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: HtmlNode[];
  closed: boolean;
}
export type HtmlNode = HtmlElement | string;

/** Elements whose content the parser reads as raw text up to their own end tag. */
const RAW_TEXT = ['script', 'style', 'title', 'textarea', 'xmp'] as const;

/** Open elements replayed to a fresh parser; deeper ones only lose their end tags. */
const REPLAYED_DEPTH = 64;

/** The parser's own stack costs more the deeper it is, so deeper nesting restarts it. */
const PARSER_DEPTH = 256;

/**
 * Parses HTML as leniently as a mail client does, with one difference: a raw-text element
 * (`<textarea>`, `<style>`, …) that is never closed holds nothing, so what follows it is read as
 * HTML instead of disappearing into it. Entities are decoded in text and attribute values.
 */
export function parseHtml(html: string): HtmlElement {
  const builder = new TreeBuilder(lastEndTags(html));
  let from = 0;
  while (from < html.length) from = builder.parse(html, from);
  return builder.root;
}

/** Where each raw-text element's last end tag starts, as the parser recognises one. */
function lastEndTags(html: string): Map<string, number> {
  const last = new Map<string, number>();
  const endTag = new RegExp(`</(${RAW_TEXT.join('|')})[\\t\\n\\f\\r >]`, 'gi');
  for (const match of html.matchAll(endTag)) last.set((match[1] ?? '').toLowerCase(), match.index);
  return last;
}

interface Open {
  name: string;
  element: HtmlElement;
}

class TreeBuilder {
  readonly root: HtmlElement = { name: '#root', attributes: {}, children: [], closed: true };
  private readonly stack: Open[] = [];
  private muted = false;

  constructor(private readonly endTags: ReadonlyMap<string, number>) {}

  /**
   * Parses `html` from `from`; answers where to go on when it stopped early, at an unclosed
   * raw-text element or too deep for the parser.
   */
  parse(html: string, from: number): number {
    let resumeAt = html.length;
    let stopped = false;
    const prefix = this.replayPrefix();
    const depth = prefix.count - this.stack.length;
    const stop = (at: number) => {
      resumeAt = from + at - prefix.text.length;
      stopped = true;
      parser.pause();
    };
    const parser: Parser = new Parser(
      {
        onopentag: (name, attributes) => {
          if (this.muted || stopped) return;
          if (depth + this.stack.length >= PARSER_DEPTH) return stop(parser.startIndex);
          this.open(name, attributes);
          if (!this.swallows(name, from + parser.endIndex + 1 - prefix.text.length)) return;
          this.stack.pop();
          stop(parser.endIndex + 1);
        },
        ontext: (text) => {
          if (!this.muted && !stopped) this.text(text);
        },
        onclosetag: (name, implied) => {
          if (!this.muted && !stopped) this.close(name, implied);
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    this.muted = true;
    parser.write(prefix.text);
    this.muted = false;
    parser.end(html.slice(from));
    return resumeAt;
  }

  /** Open tags that give a fresh parser the same open elements, so their end tags still match. */
  private replayPrefix(): { text: string; count: number } {
    const names = this.stack
      .slice(-REPLAYED_DEPTH)
      .map(({ name }) => name)
      .filter((name) => /^[a-z][a-z0-9-]*$/.test(name) && !isRawText(name));
    return { text: names.map((name) => `<${name}>`).join(''), count: names.length };
  }

  private swallows(name: string, after: number): boolean {
    return isRawText(name) && (this.endTags.get(name) ?? -1) < after;
  }

  private current(): HtmlElement {
    return this.stack.at(-1)?.element ?? this.root;
  }

  private open(name: string, attributes: Record<string, string>): void {
    const element: HtmlElement = { name, attributes, children: [], closed: false };
    this.current().children.push(element);
    this.stack.push({ name, element });
  }

  private text(text: string): void {
    const children = this.current().children;
    const last = children.length - 1;
    if (typeof children[last] === 'string') children[last] += text;
    else children.push(text);
  }

  /** The parser closes elements innermost first; after a replay its stack can be shorter than ours. */
  private close(name: string, implied: boolean): void {
    const index = this.stack.at(-1)?.name === name ? this.stack.length - 1 : this.lastIndexOf(name);
    if (index < 0) return;
    const closing = this.stack[index];
    this.stack.length = index;
    if (closing) closing.element.closed = !implied;
  }

  private lastIndexOf(name: string): number {
    for (let index = this.stack.length - 1; index >= 0; index -= 1)
      if (this.stack[index]?.name === name) return index;
    return -1;
  }
}

function isRawText(name: string): boolean {
  return (RAW_TEXT as readonly string[]).includes(name);
}
