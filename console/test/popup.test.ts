import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInError } from '../src/auth/cognito.ts';
import { handBackToOpener, POPUP_STATE_PREFIX, popupAnswer, SIGN_IN_MESSAGE } from '../src/auth/popup.ts';

const ORIGIN = 'https://d111111abcdef8.cloudfront.net';
const answer = (state: string) => new URL(`${ORIGIN}/console/?code=c0de&state=${state}`);

describe('the sign-in pop-up, on the Hosted UI’s return', () => {
  it('hands the answer to its opener, on the console’s own origin only, and closes', () => {
    const opener = { postMessage: vi.fn() };
    const close = vi.fn();
    const win = { opener, close, location: { origin: ORIGIN } } as unknown as Window;
    const callback = answer(`${POPUP_STATE_PREFIX}abc`);
    expect(handBackToOpener(win, callback)).toBe(true);
    expect(opener.postMessage).toHaveBeenCalledWith(
      { type: SIGN_IN_MESSAGE, callback: callback.href },
      ORIGIN,
    );
    expect(close).toHaveBeenCalled();
  });

  it('leaves a sign-in in the tab itself, or without an opener, to the page', () => {
    const opener = { postMessage: vi.fn() };
    const win = (withOpener: boolean) =>
      ({
        opener: withOpener ? opener : null,
        close: vi.fn(),
        location: { origin: ORIGIN },
      }) as unknown as Window;
    expect(handBackToOpener(win(true), answer('abc'))).toBe(false);
    expect(handBackToOpener(win(false), answer(`${POPUP_STATE_PREFIX}abc`))).toBe(false);
    expect(opener.postMessage).not.toHaveBeenCalled();
  });
});

describe('the framed console, waiting for the pop-up', () => {
  afterEach(() => vi.useRealTimers());

  function frame() {
    const target = new EventTarget();
    return Object.assign(target, {
      location: { origin: ORIGIN },
      setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
      clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
    }) as unknown as Window;
  }
  const post = (win: Window, data: unknown, origin: string, source: unknown) =>
    win.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));

  it('takes the answer only from the pop-up, on the console’s origin', async () => {
    const win = frame();
    const popup = { closed: false } as Window;
    const waiting = popupAnswer(win, popup);
    const message = { type: SIGN_IN_MESSAGE, callback: answer('popup.x').href };
    post(win, { ...message, callback: `${ORIGIN}/console/?code=forged` }, 'https://evil.example.net', popup);
    post(win, { ...message, callback: `${ORIGIN}/console/?code=forged` }, ORIGIN, {});
    post(win, { type: 'other' }, ORIGIN, popup);
    post(win, message, ORIGIN, popup);
    expect((await waiting).href).toBe(message.callback);
  });

  it('gives up when the agent closes the pop-up', async () => {
    vi.useFakeTimers();
    const win = frame();
    const popup = { closed: false } as { closed: boolean };
    const waiting = popupAnswer(win, popup as Window);
    const failed = expect(waiting).rejects.toBeInstanceOf(SignInError);
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(1_000);
    await failed;
  });
});
