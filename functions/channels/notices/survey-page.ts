import type { SurveyQuestion } from '#core/templates.ts';
import { questionText } from '#core/templates.ts';
import type { HttpResult } from '#http/response.ts';

/** Everything that reaches the page is text: `& < > " '` are escaped wherever it goes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The page has no script and loads nothing; the token is in its address, so it sends no
 * referrer and may not be framed.
 */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function htmlPage(statusCode: number, title: string, body: string, lang = 'en'): HttpResult {
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
fieldset{border:0;padding:0;margin:0 0 1rem}label{margin-right:.75rem}textarea,input[type=text]{width:100%;box-sizing:border-box}
button{font:inherit;padding:.5rem 1.25rem}.error{color:#b00020}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return { statusCode, headers: HEADERS, body: html };
}

/** The survey form: a 1–5 rating, an optional comment, and the queue's own questions. */
export function surveyForm(questions: readonly SurveyQuestion[], language?: string, error?: string): string {
  const ratings = [1, 2, 3, 4, 5]
    .map((n) => `<label><input type="radio" name="rating" value="${n}" required> ${n}</label>`)
    .join('');
  const extra = questions
    .map((question) => {
      const name = `q_${escapeHtml(question.id)}`;
      const text = escapeHtml(questionText(question, language));
      if (question.type === 'yesNo') {
        return `<fieldset><legend>${text}</legend><label><input type="radio" name="${name}" value="yes"> Yes</label><label><input type="radio" name="${name}" value="no"> No</label></fieldset>`;
      }
      return `<p><label for="${name}">${text}</label><br><input type="text" id="${name}" name="${name}" maxlength="500"></p>`;
    })
    .join('');
  return `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}<form method="post">
<fieldset><legend>How did we do? 1 is poor, 5 excellent.</legend>${ratings}</fieldset>
<p><label for="comment">Anything you would like to add? (optional)</label><br><textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea></p>
${extra}<button type="submit">Send</button></form>`;
}
