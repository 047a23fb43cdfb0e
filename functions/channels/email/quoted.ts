/**
 * The new text of a reply: what the customer wrote above the quoted history. Mail programs mark
 * the history in a handful of ways; the first marker found ends the new text. A forwarded
 * message is never cut (what was forwarded is the point of it), and when cutting would leave
 * nothing (an inline reply, a marker on the first line) the whole text stays.
 */

/** "On Tue, 11 Mar 2025 at 11:41, Zoë <zoe@example.net> wrote:" and its translations. */
const ATTRIBUTION = [
  /^On\b.{4,300}\bwrote:$/is,
  /^Am\b.{4,300}\bschrieb\b.{0,200}:$/is,
  /^Le\b.{4,300}\ba écrit\s*:$/is,
  /^El\b.{4,300}\bescribió\s*:$/is,
  /^Il\b.{4,300}\bha scritto\s*:$/is,
  /^Op\b.{4,300}\bschreef\b.{0,200}:$/is,
  /^Em\b.{4,300}\bescreveu\s*:$/is,
  /^Den\b.{4,300}\bskrev\b.{0,200}:$/is,
];

/** `Zoë <zoe@example.net> wrote:` on a line of its own. */
const SHORT_ATTRIBUTION = /^.{0,200}<[^<>\s]+@[^<>\s]+>\s+(wrote|schrieb|a écrit|escribió):$/i;

/** Separators Outlook, Lotus and webmail put above the quoted message. */
const SEPARATORS = [
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}$/i,
  /^_{20,}$/,
];

/** An Outlook header block: `From:` followed within a few lines by `Sent:`/`Date:` and `To:`/`Subject:`. */
const HEADER_BLOCK_START = /^\*?(From|Von|De|Van|Da)\s*:\*?\s+\S/i;
const HEADER_BLOCK_FIELDS =
  /^\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato|To|An|À|Para|Aan|A|Subject|Betreff|Objet|Asunto|Onderwerp|Oggetto)\s*:/i;

const FORWARD_MARKERS = [
  /^-{2,}\s*(Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht)\s*-{2,}$/i,
  /^Begin forwarded message:$/i,
];

export interface SplitText {
  /** What the sender wrote in this message. */
  newText: string;
  /** True when quoted history was cut off. */
  quoted: boolean;
}

export function splitQuoted(text: string): SplitText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = historyStart(lines);
  if (cut === undefined) return { newText: text.trim(), quoted: false };
  const newText = lines.slice(0, cut).join('\n').trim();
  return newText ? { newText, quoted: true } : { newText: text.trim(), quoted: false };
}

/** Lines longer than this are prose, not an attribution; it also bounds the patterns' work. */
const MAX_MARKER_LENGTH = 1000;

function historyStart(lines: readonly string[]): number | undefined {
  const lastUnquoted = lines.findLastIndex((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('>');
  });
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    // A trailing block of `>` lines (bottom-quoting); interleaved quotes are an inline reply.
    if (line.startsWith('>') && i > lastUnquoted) return i;
    if (line.length > MAX_MARKER_LENGTH) continue;
    if (FORWARD_MARKERS.some((marker) => marker.test(line))) return undefined;
    if (SEPARATORS.some((separator) => separator.test(line))) return i;
    if (isAttribution(lines, i)) return i;
    if (HEADER_BLOCK_START.test(line) && headerBlockFollows(lines, i)) return i;
  }
  return undefined;
}

/** Attribution lines are often wrapped over two or three lines by the sender's client. */
function isAttribution(lines: readonly string[], start: number): boolean {
  const first = (lines[start] ?? '').trim();
  if (first.length <= 300 && SHORT_ATTRIBUTION.test(first)) return true;
  for (let length = 1; length <= 3 && start + length <= lines.length; length++) {
    const part = lines.slice(start, start + length);
    if (part.some((line) => line.length > MAX_MARKER_LENGTH)) return false;
    const joined = part.map((line) => line.trim()).join(' ');
    if (ATTRIBUTION.some((pattern) => pattern.test(joined))) return true;
  }
  return false;
}

function headerBlockFollows(lines: readonly string[], start: number): boolean {
  const next = lines.slice(start + 1, start + 6).filter((line) => HEADER_BLOCK_FIELDS.test(line.trim()));
  return next.length >= 2;
}
