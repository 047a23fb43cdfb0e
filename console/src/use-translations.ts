import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Api, ConversationTranslations, InboundTranslation, TimelineItem } from './api.ts';
import { queryKeys } from './queries.ts';

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
 * translation (cached, but a read all the same), so the query's key holds those messages.
 */
export function useTranslations(
  api: Pick<Api, 'translations'>,
  conversationId: string,
  timeline: readonly TimelineItem[] | undefined,
): Translations {
  const queryClient = useQueryClient();
  const inbound = timeline
    ?.filter((item) => item.conversationId === conversationId && item.direction === 'inbound' && item.text)
    .map((item) => item.interactionId)
    .join(' ');
  const query = useQuery({
    queryKey: queryKeys.translations(conversationId, inbound ?? ''),
    queryFn: () => api.translations(conversationId),
    enabled: inbound !== undefined,
    // The last answer stays on screen while the one for a new message is on its way.
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const view = query.data;
  const byInteraction = useMemo(
    () => new Map((view?.translations ?? []).map((translation) => [translation.interactionId, translation])),
    [view],
  );
  return {
    view,
    error: query.error ?? undefined,
    byInteraction,
    refresh: () => void queryClient.invalidateQueries({ queryKey: queryKeys.ofTranslations(conversationId) }),
  };
}
