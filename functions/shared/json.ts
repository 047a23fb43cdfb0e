/** The parsed value, or undefined for text that is not JSON: for input checked by a schema next. */
export function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
