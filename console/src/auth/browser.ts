import type { SessionDeps } from './session.ts';

/**
 * Where the Hosted UI returns after sign-in and sign-out: the console's own URL, which the
 * stack registers as the client's callback and sign-out URL (lib/agent-identity.ts).
 */
export function consoleUrl(): string {
  return new URL(import.meta.env.BASE_URL, window.location.origin).href;
}

/** A session kept in this tab: its sessionStorage, the page's fetch and clock. */
export function tabSessionDeps(onEnded: SessionDeps['onEnded']): SessionDeps {
  return {
    storage: window.sessionStorage,
    // Called as a method of this object, fetch would throw "Illegal invocation".
    fetch: (input, init) => window.fetch(input, init),
    now: Date.now,
    onEnded,
  };
}
