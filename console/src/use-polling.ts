import { useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Fetch again now (after a command), without waiting for the next tick. */
  refresh: () => void;
}

/**
 * Calls `load` now and every `intervalMs` while mounted, and again whenever `key` changes.
 * Live updates are by polling for now; a WebSocket push replaces this later.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, key: string): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `tick` are the triggers to reload.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await loader.current();
        if (live) {
          setData(value);
          setError(undefined);
        }
      } catch (caught) {
        if (live) setError(caught as Error);
      }
      if (live) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [key, tick, intervalMs]);

  return { data, error, refresh: () => setTick((n) => n + 1) };
}

/** The current time, ticking every `intervalMs` (for countdowns and waits). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
