import Box from '@cloudscape-design/components/box';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api, WorkItem } from './api.ts';
import { useLiveQuery } from './live-updates.tsx';
import { queryKeys } from './queries.ts';

/**
 * One typing signal per this long at most while the agent types, as the chat widget does; the
 * platform shows each for a little longer (TYPING_SHOWN_MS), so steady typing never flickers.
 */
export const TYPING_SIGNAL_MS = 3_000;
/** How long one sight of the customer typing is shown without another. */
export const TYPING_SHOWN_MS = 6_000;

/** Answers true when a signal is due: the first call, then at most once per TYPING_SIGNAL_MS. */
export function typingThrottle(now: () => number = Date.now): () => boolean {
  let last: number | undefined;
  return () => {
    const at = now();
    if (last !== undefined && at - last < TYPING_SIGNAL_MS) return false;
    last = at;
    return true;
  };
}

/** What to call as the agent types a reply: tells a chat customer, throttled. */
export function useAgentTyping(api: Pick<Api, 'typing'>, item: WorkItem): () => void {
  const due = useRef(typingThrottle());
  return useCallback(() => {
    if (item.channel !== 'chat' || !due.current()) return;
    // A lost signal only leaves the customer without the hint for a moment.
    api.typing(item.conversationId).catch(() => undefined);
  }, [api, item.channel, item.conversationId]);
}

/**
 * "Customer is typing…" while a chat customer types. Their signals arrive as live notices of the
 * customer's topic (or, without the socket, by polling).
 */
export function CustomerTyping({ api, item }: { api: Pick<Api, 'conversationTyping'>; item: WorkItem }) {
  const typing = useLiveQuery(
    queryKeys.typing(item.customerId, item.conversationId),
    () => api.conversationTyping(item.conversationId),
    3000,
  );
  const until = typing.data?.customerTypingUntil;
  const [shown, setShown] = useState(false);

  useEffect(() => {
    setShown(until !== undefined);
    if (!until) return;
    // Timed from receipt, not from `until`: the console's clock need not agree with the platform's.
    const timer = setTimeout(() => setShown(false), TYPING_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [until]);

  return (
    <div role="status" className="ot-typing">
      {shown ? (
        <Box variant="small" color="text-body-secondary">
          Customer is typing…
        </Box>
      ) : null}
    </div>
  );
}
