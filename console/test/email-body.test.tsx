// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailBody } from '../src/EmailBody.tsx';
import { emailDocument, emailPolicy, hasRemoteImages } from '../src/email-frame.ts';

const HTML =
  '<p>Order <b>42</b></p><img src="cid:logo@x"><img src="https://tracker.example/open.gif">' +
  '<a href="https://shop.example/" target="_blank" rel="noopener noreferrer nofollow">shop</a>';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function render(element: React.ReactElement): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(element));
  return container;
}

function click(container: HTMLElement, label: string): void {
  const target = [...container.querySelectorAll('button')].find((button) => button.textContent === label);
  if (!target) throw new Error(`no ${label} button`);
  act(() => target.click());
}

const policyOf = (frame: HTMLIFrameElement) =>
  /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(frame.srcdoc)?.[1];

describe('the frame an email is shown in', () => {
  it('loads nothing but inline styles and the message’s own images until asked', () => {
    expect(emailPolicy(false)).toBe("default-src 'none'; img-src cid: data:; style-src 'unsafe-inline'");
    expect(emailPolicy(true)).toBe(
      "default-src 'none'; img-src https: cid: data:; style-src 'unsafe-inline'",
    );
  });

  it('opens links in a new tab without a referrer, and holds the HTML in its body', () => {
    const document = emailDocument(HTML, false);
    expect(document).toContain('<base target="_blank">');
    expect(document).toContain('<meta name="referrer" content="no-referrer">');
    expect(document).toContain(`<body>${HTML}</body>`);
  });

  it('knows when there are remote images to hold back', () => {
    expect(hasRemoteImages(HTML)).toBe(true);
    expect(hasRemoteImages('<img src="cid:logo@x"><p>https://x.example</p>')).toBe(false);
  });
});

describe('an email on the timeline', () => {
  it('shows the text first, then the HTML in a frame that can run no script', () => {
    const container = render(<EmailBody text="Order 42" html={HTML} />);
    expect(container.querySelector('.ot-text')?.textContent).toBe('Order 42');
    expect(container.querySelector('iframe')).toBeNull();

    click(container, 'HTML');
    const frame = container.querySelector('iframe') as HTMLIFrameElement;
    const sandbox = frame.getAttribute('sandbox') ?? '';
    expect(frame.hasAttribute('sandbox')).toBe(true);
    expect(sandbox).not.toMatch(/allow-scripts|allow-same-origin|allow-top-navigation|allow-forms/);
    expect(frame.getAttribute('src')).toBeNull();
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(frame.srcdoc).toContain('<p>Order <b>42</b></p>');
    expect(policyOf(frame)).toBe("default-src 'none'; img-src cid: data:; style-src 'unsafe-inline'");
  });

  it('loads remote images only once the agent asks, and back to text on request', () => {
    const container = render(<EmailBody text="Order 42" html={HTML} />);
    click(container, 'HTML');
    click(container, 'Show remote images');
    const frame = container.querySelector('iframe') as HTMLIFrameElement;
    expect(policyOf(frame)).toContain('img-src https: cid: data:');
    expect([...container.querySelectorAll('button')].map((button) => button.textContent)).not.toContain(
      'Show remote images',
    );
    click(container, 'Text');
    expect(container.querySelector('iframe')).toBeNull();
  });

  it('starts on the HTML when there is no text, and offers no button without remote images', () => {
    const container = render(<EmailBody html="<p>Only HTML</p>" />);
    expect(container.querySelector('iframe')?.srcdoc).toContain('<p>Only HTML</p>');
    expect(container.textContent).not.toContain('Show remote images');
  });
});
