/**
 * Which files the platform takes, with nothing else in this module: the chat widget bundles it to
 * refuse a file before uploading it, by the very list and limit the API checks.
 */

/** Largest file a customer or agent may attach; provider media over it is not fetched. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * The types a file may be stored and served as. Nothing here runs in a browser: no HTML, no
 * SVG (it can carry script), no executables. Only images are ever shown inline.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, { inline: boolean }>> = {
  'image/jpeg': { inline: true },
  'image/png': { inline: true },
  'image/gif': { inline: true },
  'image/webp': { inline: true },
  'application/pdf': { inline: false },
  'text/plain': { inline: false },
  'text/csv': { inline: false },
  'application/msword': { inline: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { inline: false },
  'application/vnd.ms-excel': { inline: false },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { inline: false },
  'application/vnd.ms-powerpoint': { inline: false },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { inline: false },
  'application/vnd.oasis.opendocument.text': { inline: false },
  'application/vnd.oasis.opendocument.spreadsheet': { inline: false },
};

/** `image/png; charset=…` and `IMAGE/PNG` are both `image/png`; undefined when not allowed. */
export function allowedType(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.hasOwn(ATTACHMENT_TYPES, bare) ? bare : undefined;
}

/** At most this many files go with one message. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;
