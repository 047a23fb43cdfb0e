import { useEffect, useMemo, useRef, useState } from 'react';
import type { Api, ConversationTranslations, InboundTranslation, TimelineItem } from './api.ts';

export interface Translations {
  view: ConversationTranslations | undefined;
  error: Error | undefined;
  /** The agent's translation of each customer message here, by interaction id. */
  byInteraction: ReadonlyMap<string, InboundTranslation>;
  /** Ask again now (after the switch changed). */
  refresh: () => void;
}

/**
 * The conversation's customer messages in the agent's language. Asked for again only when the
 * customer wrote something new here, not on every poll of the timeline: each message is a
 * translation (cached, but a read all the same).
 */
export function useTranslations(
  api: Pick<Api, 'translations'>,
  conversationId: string,
  timeline: readonly TimelineItem[] | undefined,
): Translations {
  const [view, setView] = useState<ConversationTranslations>();
  const [error, setError] = useState<Error>();
  const [tick, setTick] = useState(0);
  const loader = useRef(api);
  loader.current = api;
  const inbound = timeline
    ?.filter((item) => item.conversationId === conversationId && item.direction === 'inbound' && item.text)
    .map((item) => item.interactionId)
    .join(' ');

  // biome-ignore lint/correctness/useExhaustiveDependencies: new customer messages and `tick` are the triggers to ask again.
  useEffect(() => {
    if (inbound === undefined) return;
    let mounted = true;
    loader.current.translations(conversationId).then(
      (value) => {
        if (!mounted) return;
        setView(value);
        setError(undefined);
      },
      (caught: unknown) => {
        if (mounted) setError(caught as Error);
      },
    );
    return () => {
      mounted = false;
    };
  }, [conversationId, inbound, tick]);

  const byInteraction = useMemo(
    () => new Map((view?.translations ?? []).map((translation) => [translation.interactionId, translation])),
    [view],
  );
  return { view, error, byInteraction, refresh: () => setTick((n) => n + 1) };
}
