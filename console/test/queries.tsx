import { notifyManager, type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { createQueryClient } from '../src/queries.ts';

// React Query hands its results to React on a zero timer; within `act` they are wanted at once.
notifyManager.setScheduler(queueMicrotask);

/** The element with the console's own cache (a fresh one unless given), as the app provides it. */
export function withQueries(element: ReactElement, client: QueryClient = createQueryClient()): ReactElement {
  return <QueryClientProvider client={client}>{element}</QueryClientProvider>;
}
