import { SignInError } from './cognito.ts';

/**
 * Sign-in in a window of its own, for a console framed by another page (the Connect agent
 * workspace): the Hosted UI refuses to be framed. The frame keeps the PKCE verifier and the
 * state in its own storage, which the pop-up cannot read, and opens the Hosted UI in a pop-up
 * that returns to the console's URL. That page hands the answer (the code and state, never a
 * token) back to the frame, on the console's own origin only, and closes; the frame checks the
 * state and exchanges the code with its verifier, as after a sign-in in the tab itself.
 */

/** Begins the `state` of a pop-up sign-in: how the page the Hosted UI returns to knows to hand back. */
export const POPUP_STATE_PREFIX = 'popup.';
export const SIGN_IN_MESSAGE = 'onethread:sign-in';
const POPUP_NAME = 'onethread-sign-in';
/** How often the frame looks whether the agent closed the pop-up without signing in. */
const CLOSED_POLL_MS = 500;

/** Whether another page frames the console, so that the Hosted UI cannot be shown in place. */
export const isFramed = (win: Window): boolean => win.top !== win.self;

/**
 * Opens the sign-in window, empty, while the click that asked for it still counts as one: the
 * browser blocks pop-ups opened later. Its address is set once the authorize URL is ready.
 */
export function openSignInWindow(win: Window): Window {
  const popup = win.open('', POPUP_NAME, 'popup,width=480,height=680');
  if (!popup) {
    throw new SignInError(
      'The browser blocked the sign-in window. Allow pop-ups for this site, then try again.',
    );
  }
  return popup;
}

/**
 * In the pop-up, on the Hosted UI's return: hands the answer to the console that opened it and
 * closes. Answers whether this page was such a pop-up. The message goes to the console's own
 * origin only, so an opener of another origin receives nothing.
 */
export function handBackToOpener(win: Window, callback: URL): boolean {
  const opener = win.opener as Window | null;
  if (!opener || !callback.searchParams.get('state')?.startsWith(POPUP_STATE_PREFIX)) return false;
  opener.postMessage({ type: SIGN_IN_MESSAGE, callback: callback.href }, win.location.origin);
  win.close();
  return true;
}

/**
 * In the frame: the Hosted UI's answer, once `popup` hands it back. Only a message from that
 * window and from the console's own origin counts; a closed pop-up ends the wait.
 */
export function popupAnswer(win: Window, popup: Window): Promise<URL> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      win.removeEventListener('message', onMessage);
      win.clearInterval(closed);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== win.location.origin || event.source !== popup) return;
      const { type, callback } = (event.data ?? {}) as { type?: unknown; callback?: unknown };
      if (type !== SIGN_IN_MESSAGE || typeof callback !== 'string') return;
      stop();
      resolve(new URL(callback));
    };
    // The pop-up closes right after posting, and its message may be delivered after the next
    // poll: only a pop-up found closed twice in a row was closed without an answer.
    let seenClosed = false;
    const closed = win.setInterval(() => {
      if (!popup.closed || !seenClosed) {
        seenClosed = popup.closed;
        return;
      }
      stop();
      reject(new SignInError('The sign-in window was closed before the sign-in finished.'));
    }, CLOSED_POLL_MS);
    win.addEventListener('message', onMessage);
  });
}
