/** Where the scan stands inside one open object (its keys so far) or array (its current index). */
type Level = { keys: Set<string>; key?: string } | { index: number };

/**
 * The path (`steps.0.queueId`, as validation errors name fields) of the first key that an object
 * gives twice, in text `JSON.parse` has already accepted; undefined when every key is unique.
 * Keys compare as JSON reads them, so `"a"` and `"\u0061"` are the same key.
 */
export function firstRepeatedKey(json: string): string | undefined {
  const levels: Level[] = [];
  let expectingKey = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (char === '"') {
      const end = stringEnd(json, i);
      const level = levels.at(-1);
      if (expectingKey && level && 'keys' in level) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (level.keys.has(key)) return pathTo(levels, key);
        level.keys.add(key);
        level.key = key;
        expectingKey = false;
      }
      i = end;
    } else if (char === '{') {
      levels.push({ keys: new Set() });
      expectingKey = true;
    } else if (char === '[') {
      levels.push({ index: 0 });
    } else if (char === '}' || char === ']') {
      levels.pop();
      expectingKey = false;
    } else if (char === ',') {
      const level = levels.at(-1);
      if (level && 'keys' in level) expectingKey = true;
      else if (level) level.index += 1;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opening at `start` (the text is valid JSON). */
function stringEnd(json: string, start: number): number {
  let i = start + 1;
  while (json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
  return i;
}

function pathTo(levels: readonly Level[], key: string): string {
  const parents = levels.slice(0, -1).map((level) => ('keys' in level ? level.key : String(level.index)));
  return [...parents, key].join('.');
}
