import * as z from 'zod';
import { InvalidCursorError } from '#core/errors.ts';

/**
 * A query's page cursor: DynamoDB's last evaluated key, tied to the partition it pages through,
 * so a cursor from one query cannot start another somewhere else.
 */
const CursorSchema = z.object({ p: z.string(), k: z.record(z.string(), z.string()) });

export function encodePageCursor(partition: string, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ p: partition, k: key })).toString('base64url');
}

export function decodePageCursor(cursor: string, partition: string): Record<string, string> {
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError('cursor is not one this query handed out');
  }
  if (parsed.p !== partition) throw new InvalidCursorError('cursor is not one this query handed out');
  return parsed.k;
}
