import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import type { Api, WorkItem } from './api.ts';
import { queryKeys } from './queries.ts';

export type CannedApi = Pick<Api, 'cannedResponses'>;

/**
 * The canned responses that match what the agent typed after `/` in the reply box (or all of
 * them for a bare `/`), filled in for this work item; picking one puts it into the reply.
 */
export function CannedPicker({
  api,
  item,
  query,
  onPick,
}: {
  api: CannedApi;
  item: WorkItem;
  query: string;
  onPick: (text: string) => void;
}) {
  const { data: found, error } = useQuery({
    queryKey: queryKeys.cannedResponses(item.workItemId, query),
    queryFn: () => api.cannedResponses(query, item.workItemId),
  });

  if (error) {
    return <Box color="text-status-error">Canned responses could not be loaded: {error.message}</Box>;
  }
  if (!found) return <Box color="text-status-inactive">Looking for canned responses…</Box>;
  if (!found.length) return <Box color="text-status-inactive">No canned response matches “/{query}”.</Box>;
  return (
    <ul className="ot-canned" aria-label="Canned responses">
      {found.map((response) => (
        <li key={response.responseId}>
          <SpaceBetween direction="horizontal" size="xs" alignItems="center">
            <Button
              variant="inline-link"
              ariaLabel={`Insert ${response.title}`}
              onClick={() => onPick(response.rendered ?? response.text)}
            >
              {response.title}
            </Button>
            {response.shortcut ? <Box color="text-body-secondary">/{response.shortcut}</Box> : null}
          </SpaceBetween>
          <Box variant="small" color="text-body-secondary">
            {(response.rendered ?? response.text).slice(0, 120)}
          </Box>
        </li>
      ))}
    </ul>
  );
}

/** What follows a `/` typed alone in the reply box: the canned response being looked for. */
export function slashQuery(text: string): string | undefined {
  return /^\/(\S*)$/.exec(text)?.[1];
}
