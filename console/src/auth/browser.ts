import type { AuthStorage } from './cognito.ts';
import type { SessionDeps } from './session.ts';

/**
 * Where the Hosted UI returns after sign-in and sign-out: the console's own URL, which the
 * stack registers as the client's callback and sign-out URL (lib/agent-identity.ts).
 */
export function consoleUrl(): string {
  return new URL(import.meta.env.BASE_URL, window.location.origin).href;
}

let storage: AuthStorage | undefined;

/**
 * This tab's sessionStorage, or, where the browser refuses it, storage that lasts as long as the
 * page. A browser that blocks third-party storage refuses it to a console framed by a page of
 * another site (the agent workspace); the sign-in then lasts until the frame reloads.
 */
export function tabStorage(): AuthStorage {
  if (!storage) {
    try {
      storage = window.sessionStorage;
    } catch {
      const items = new Map<string, string>();
      storage = {
        getItem: (key) => items.get(key) ?? null,
        setItem: (key, value) => void items.set(key, value),
        removeItem: (key) => void items.delete(key),
      };
    }
  }
  return storage;
}

/** A session kept in this tab: its storage, the page's fetch and clock. */
export function tabSessionDeps(onEnded: SessionDeps['onEnded']): SessionDeps {
  return {
    storage: tabStorage(),
    // Called as a method of this object, fetch would throw "Illegal invocation".
    fetch: (input, init) => window.fetch(input, init),
    now: Date.now,
    onEnded,
  };
}
