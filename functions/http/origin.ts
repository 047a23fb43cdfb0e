import * as z from 'zod';

/** An origin as a browser sends it: `http(s)://host[:port]`, with no path. */
const OriginSchema = z
  .string()
  .refine(
    (value) =>
      URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value,
    'an origin such as https://agents.example.com (scheme, host and port, no path)',
  );

/** The console's origins as an environment variable holds them: comma-separated, maybe none. */
export const OriginListSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(OriginSchema));

/**
 * Whether a WebSocket handshake with this `Origin` may connect. A browser always names the page
 * that opens the socket, so a page of another site is refused even when it holds a token; a client
 * that is not a browser names none, and its token alone decides.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin === undefined || allowed.includes(origin);
}
