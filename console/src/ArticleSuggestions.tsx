import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Api, ArticleHit, WorkItem } from './api.ts';
import type { Insertion } from './article-suggestions.ts';
import { problem, queryKeys } from './queries.ts';

export type SuggestionsApi = Pick<Api, 'searchArticles' | 'article' | 'articleUses'>;

/**
 * Published articles that may answer the customer, found from their latest messages (or what the
 * agent types), in scope of the work item's queue; each can go into the reply as a link or as
 * its text. Articles already used on the work item are marked.
 */
export function ArticleSuggestions({
  api,
  item,
  query,
  onInsert,
}: {
  api: SuggestionsApi;
  item: WorkItem;
  /** From the conversation; the agent's own search replaces it while typed. */
  query: string;
  onInsert: (insertion: Insertion) => void;
}) {
  const [typed, setTyped] = useState('');
  const asked = typed.trim() || query;
  const search = useQuery({
    queryKey: queryKeys.articleSearch(item.queueId, asked),
    queryFn: () => api.searchArticles(asked, item.queueId, 3),
    enabled: asked !== '',
  });
  const hits = asked ? search.data : [];
  // Marked again once a sent reply recorded a use (the composer invalidates it).
  const uses = useQuery({
    queryKey: queryKeys.articleUses(item.workItemId),
    queryFn: () => api.articleUses(item.workItemId),
  });
  const insertText = useMutation({
    // The version search found is the published one: what the customer can also read.
    mutationFn: (hit: ArticleHit) => api.article(hit.articleId, hit.version),
    onSuccess: ({ version }, hit) =>
      onInsert({ articleId: hit.articleId, how: 'text', inserted: version.body.trim() }),
  });
  const error = problem(insertText.error ?? search.error);

  const used = new Set((uses.data ?? []).map((use) => use.articleId));
  return (
    <Container header={<Header variant="h2">Suggested articles</Header>}>
      <SpaceBetween size="s">
        <Input
          type="search"
          ariaLabel="Search articles"
          clearAriaLabel="Clear the search"
          placeholder="Search articles"
          value={typed}
          onChange={({ detail }) => setTyped(detail.value)}
        />
        {error ? <Alert type="error">{error}</Alert> : null}
        {!asked ? (
          <Box color="text-status-inactive">Suggestions follow the customer's messages.</Box>
        ) : hits?.length === 0 ? (
          <Box color="text-status-inactive">No article matches.</Box>
        ) : null}
        {(hits ?? []).map((hit) => (
          <SpaceBetween key={hit.articleId} size="xxs">
            <SpaceBetween direction="horizontal" size="xs" alignItems="center">
              <Box fontWeight="bold">{hit.title}</Box>
              {used.has(hit.articleId) ? <Badge color="green">Used</Badge> : null}
            </SpaceBetween>
            <Box variant="small">{hit.snippet}</Box>
            <SpaceBetween direction="horizontal" size="xs">
              {hit.url ? (
                <Button
                  variant="inline-link"
                  ariaLabel={`Insert the link to ${hit.title}`}
                  onClick={() => onInsert({ articleId: hit.articleId, how: 'link', inserted: hit.url ?? '' })}
                >
                  Insert link
                </Button>
              ) : null}
              <Button
                variant="inline-link"
                ariaLabel={`Insert the text of ${hit.title}`}
                loading={insertText.isPending && insertText.variables?.articleId === hit.articleId}
                onClick={() => insertText.mutate(hit)}
              >
                Insert text
              </Button>
            </SpaceBetween>
          </SpaceBetween>
        ))}
      </SpaceBetween>
    </Container>
  );
}
