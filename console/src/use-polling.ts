import { useEffect, useRef, useState } from 'react';
import { useLiveTopics } from './live-updates.tsx';

/** While the live socket is up, polling is only a safety net against a missed notice. */
export const LIVE_FALLBACK_MS = 30_000;

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Fetch again now (after a command), without waiting for the next tick. */
  refresh: () => void;
  /** True while live notices drive the reloads (the socket is open and topics are set). */
  live: boolean;
}

/**
 * Calls `load` now and every `intervalMs` while mounted, and again whenever `key` changes. With
 * `topics`, a live notice for any of them loads at once, and while the live socket is up the
 * interval stretches to LIVE_FALLBACK_MS.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number,
  key: string,
  topics: readonly string[] = [],
): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  const live = useLiveTopics(topics, () => setTick((n) => n + 1));
  const pushed = live && topics.length > 0;
  const interval = pushed ? Math.max(intervalMs, LIVE_FALLBACK_MS) : intervalMs;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `tick` are the triggers to reload.
  useEffect(() => {
    let mounted = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await loader.current();
        if (mounted) {
          setData(value);
          setError(undefined);
        }
      } catch (caught) {
        if (mounted) setError(caught as Error);
      }
      if (mounted) timer = setTimeout(run, interval);
    };
    void run();
    return () => {
      mounted = false;
      if (timer) clearTimeout(timer);
    };
  }, [key, tick, interval]);

  return { data, error, refresh: () => setTick((n) => n + 1), live: pushed };
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
