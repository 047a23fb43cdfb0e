/** What `#/screen-pop?…` asks for: a caller's number, a Connect contact or a customer. */
export interface ScreenPopQuery {
  phone?: string;
  contactId?: string;
  customerId?: string;
}

const PARAMS = { phone: 'phone', contact: 'contactId', customer: 'customerId' } as const;

/**
 * Reads the query of the hash. Not with URLSearchParams: it reads `+` as a space, and a link
 * such as `#/screen-pop?phone=+14155550100` must keep its plus.
 */
export function parseScreenPopQuery(hash: string): ScreenPopQuery {
  const query: ScreenPopQuery = {};
  const at = hash.indexOf('?');
  if (at < 0) return query;
  for (const pair of hash.slice(at + 1).split('&')) {
    const [name = '', raw = ''] = pair.split('=', 2);
    const key = PARAMS[name as keyof typeof PARAMS];
    let value: string;
    try {
      value = decodeURIComponent(raw).trim();
    } catch {
      continue;
    }
    if (key && value) query[key] = value;
  }
  return query;
}

export function screenPopHash(query: ScreenPopQuery): string {
  const pairs = Object.entries(PARAMS).flatMap(([name, key]) => {
    const value = query[key];
    return value ? [`${name}=${encodeURIComponent(value)}`] : [];
  });
  return `#/screen-pop${pairs.length ? `?${pairs.join('&')}` : ''}`;
}
