/**
 * The document an email's sanitised HTML is shown in. It runs in a sandboxed frame with no
 * scripts and an origin of its own; the policy below is a second wall: nothing loads but inline
 * styles and the message's own images until the agent asks for remote ones, and links open in a
 * new tab without telling the sender where they were clicked.
 */

/** The frame may open links in a new tab, and nothing else: no scripts, no origin of its own. */
export const EMAIL_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

/** What the frame may load. */
export function emailPolicy(remoteImages: boolean): string {
  const images = remoteImages ? 'https: cid: data:' : 'cid: data:';
  return `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'`;
}

/** Whether showing remote images would load anything. */
export function hasRemoteImages(html: string): boolean {
  return /<img\b[^>]*\ssrc="https:/i.test(html);
}

export function emailDocument(html: string, remoteImages: boolean): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${emailPolicy(remoteImages)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<base target="_blank">',
    '<style>body{margin:8px;font:14px/1.5 sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>',
    `</head><body>${html}</body></html>`,
  ].join('');
}
