import { type QueryClient, type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import type { BearerToken } from './api.ts';
import { LiveClient } from './live.ts';
import { keyOfTopic, LIVE_FALLBACK_MS, topicOf } from './queries.ts';

const LiveContext = createContext<LiveClient | undefined>(undefined);

/**
 * Opens the live-updates socket for a signed-in user when the platform offers one (`liveUrl` of
 * config.json), and closes it on sign-out. While it is open, a notice invalidates the cached
 * queries of its topic. Without it everything still works, by refetching on a timer.
 */
export function LiveUpdatesProvider({
  url,
  token,
  children,
}: {
  url: string | undefined;
  token: BearerToken;
  children: ReactNode;
}) {
  const [client, setClient] = useState<LiveClient>();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!url) return;
    const next = new LiveClient(url, token);
    next.start();
    setClient(next);
    return () => {
      next.stop();
      setClient(undefined);
    };
  }, [url, token]);

  useEffect(() => (client ? invalidateOnNotice(client, queryClient) : undefined), [client, queryClient]);

  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

/**
 * Listens to the topic of every query someone on screen is reading, and to no other: a notice
 * (or a reconnect, after which anything may have changed) marks that topic's queries stale, and
 * React Query fetches those on screen again. Answers the function that stops it all.
 */
export function invalidateOnNotice(client: Pick<LiveClient, 'listen'>, queryClient: QueryClient): () => void {
  const cache = queryClient.getQueryCache();
  const listening = new Map<string, () => void>();
  const sync = () => {
    const wanted = new Set<string>();
    for (const query of cache.getAll()) {
      const topic = query.getObserversCount() > 0 ? topicOf(query.queryKey) : undefined;
      if (topic) wanted.add(topic);
    }
    for (const [topic, stop] of listening) {
      if (wanted.has(topic)) continue;
      stop();
      listening.delete(topic);
    }
    for (const topic of wanted) {
      if (listening.has(topic)) continue;
      const key: QueryKey = keyOfTopic(topic);
      listening.set(
        topic,
        client.listen(topic, () => void queryClient.invalidateQueries({ queryKey: key })),
      );
    }
  };
  sync();
  const unsubscribe = cache.subscribe((event) => {
    if (event.type === 'observerAdded' || event.type === 'observerRemoved' || event.type === 'removed')
      sync();
  });
  return () => {
    unsubscribe();
    for (const stop of listening.values()) stop();
    listening.clear();
  };
}

/** Whether the live socket is open now (false outside a provider, or without one configured). */
export function useLiveOpen(): boolean {
  const client = useContext(LiveContext);
  const subscribe = useCallback(
    (notify: () => void) => (client ? client.onStatus(notify) : () => undefined),
    [client],
  );
  return useSyncExternalStore(subscribe, () => client?.status === 'open');
}

/**
 * How often a query of `key` refetches on its own: every `everyMs` without the socket, and only
 * as a safety net (LIVE_FALLBACK_MS) while notices announce its changes.
 */
export function useRefetchEvery(key: QueryKey, everyMs: number): number {
  const live = useLiveOpen();
  return live && topicOf(key) ? Math.max(everyMs, LIVE_FALLBACK_MS) : everyMs;
}

/** A read kept current: refetched on its topic's notices, else every `everyMs`. */
export function useLiveQuery<T>(queryKey: QueryKey, read: () => Promise<T>, everyMs: number, enabled = true) {
  const refetchInterval = useRefetchEvery(queryKey, everyMs);
  return useQuery({ queryKey, queryFn: read, refetchInterval, enabled });
}
