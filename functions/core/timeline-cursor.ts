import * as z from 'zod';
import { InvalidCursorError } from './errors.ts';

/** Per customer id: the sort key of the last entry handed out, or null once it is exhausted. */
export type PartitionBounds = Record<string, string | null>;

const BoundsSchema = z.record(z.string(), z.string().nullable());

/** Cursors are opaque to clients: base64url of the per-partition bounds. */
export function encodeCursor(bounds: PartitionBounds): string {
  return Buffer.from(JSON.stringify(bounds)).toString('base64url');
}

export function decodeCursor(cursor: string): PartitionBounds {
  try {
    return BoundsSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
}
