import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { BearerToken } from './api.ts';
import { LiveClient } from './live.ts';

const LiveContext = createContext<LiveClient | undefined>(undefined);

/**
 * Opens the live-updates socket for a signed-in user when the platform offers one (`liveUrl` of
 * config.json), and closes it on sign-out. Without it everything still works, by polling.
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

  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

/**
 * Calls `onChange` whenever one of `topics` changes, and answers whether the socket is open
 * (so that callers may poll slowly meanwhile). Outside a provider it never calls and answers false.
 */
export function useLiveTopics(topics: readonly string[], onChange: () => void): boolean {
  const client = useContext(LiveContext);
  const callback = useRef(onChange);
  callback.current = onChange;
  const topicKey = topics.join('\n');

  useEffect(() => {
    if (!client || !topicKey) return;
    const stops = topicKey.split('\n').map((topic) => client.listen(topic, () => callback.current()));
    return () => {
      for (const stop of stops) stop();
    };
  }, [client, topicKey]);

  const subscribe = useCallback(
    (notify: () => void) => (client ? client.onStatus(notify) : () => undefined),
    [client],
  );
  return useSyncExternalStore(subscribe, () => client?.status === 'open');
}
