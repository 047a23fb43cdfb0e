import { EMAIL_SANDBOX, emailDocument } from './email-frame.ts';

/**
 * An article as customers will read it: the platform's rendering (Markdown with raw HTML shown
 * as text, then its allow-list sanitiser), shown in the same script-less sandboxed frame as an
 * email, never inserted into the console's own page. Article images are the company's own, so
 * remote ones load.
 */
export function ArticleFrame({ html, title }: { html: string; title: string }) {
  return (
    <iframe
      className="ot-email-frame"
      title={title}
      sandbox={EMAIL_SANDBOX}
      referrerPolicy="no-referrer"
      srcDoc={emailDocument(html, true)}
    />
  );
}
