import { describe, expect, it } from 'vitest';
import { translateHtml } from '#channels/email/translate-html.ts';

/** A translator that marks what it was given, and counts each call. */
function marking() {
  const asked: string[] = [];
  const translate = async (text: string) => {
    asked.push(text);
    return `«${text.toUpperCase()}»`;
  };
  return { asked, translate };
}

describe('an email reply’s HTML part in another language', () => {
  it('translates each piece of text between tags, keeping tags, attributes and the spaces around it', async () => {
    const { asked, translate } = marking();
    const html =
      '<p style="color: #333">Hello <b>Ana</b>,\n  your order is <a href="https://shop.example/o/42">here</a>.</p>';
    expect(await translateHtml(html, translate)).toBe(
      '<p style="color: #333">«HELLO» <b>«ANA»</b>«,\n  YOUR ORDER IS» <a href="https://shop.example/o/42" target="_blank" rel="noopener noreferrer nofollow">«HERE»</a>.</p>',
    );
    expect(asked).toEqual(['Hello', 'Ana', ',\n  your order is', 'here']);
  });

  it('hands the translator plain text and escapes what comes back', async () => {
    const { asked, translate } = marking();
    const out = await translateHtml('<p>Fish &amp; chips &lt;3</p>', async (text) => {
      await translate(text);
      return 'Pescado & patatas <3';
    });
    expect(asked).toEqual(['Fish & chips <3']);
    expect(out).toBe('<p>Pescado &amp; patatas &lt;3</p>');
  });

  it('sanitises first, so nothing unsafe goes out and a script is never sent to be translated', async () => {
    const { asked, translate } = marking();
    const out = await translateHtml('<p onclick="x()">Hi</p><script>alert("hello")</script>', translate);
    expect(out).toBe('<p>«HI»</p>');
    expect(asked).toEqual(['Hi']);
  });

  it('leaves pieces without letters alone and asks once for a piece that repeats', async () => {
    const { asked, translate } = marking();
    const out = await translateHtml('<td>Total</td><td>42,00 €</td><td>Total</td>', translate);
    expect(out).toBe('<td>«TOTAL»</td><td>42,00 €</td><td>«TOTAL»</td>');
    expect(asked).toEqual(['Total']);
  });

  it('fails as a whole when a piece cannot be translated', async () => {
    const failing = async () => {
      throw new Error('down');
    };
    await expect(translateHtml('<p>Hello</p>', failing)).rejects.toThrow('down');
  });
});
