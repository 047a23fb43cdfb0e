import { makeHandler } from '#handlers/api-document.ts';

export const handler = makeHandler();
