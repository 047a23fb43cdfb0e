import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import { AgentStatusActions } from './AgentStatusActions.tsx';
import type { Agent, Api } from './api.ts';
import { useTableCollection } from './collection.tsx';
import { awayReasonLabel, duration } from './format.ts';
import { useLiveOpen, useLiveQuery } from './live-updates.tsx';
import { queryKeys } from './queries.ts';
import { useNow } from './use-now.ts';
import { WaitingList } from './WaitingList.tsx';
import { Wallboard } from './Wallboard.tsx';

const STATUS_TYPE = { available: 'success', away: 'pending', offline: 'stopped' } as const;

/** Every queue and agent: live over the socket when it is open, else refreshed every 2 s. */
export function SupervisorView({ api }: { api: Api }) {
  const queues = useLiveQuery(queryKeys.queues(), () => api.queues(), 2000);
  const agents = useLiveQuery(queryKeys.agents(), () => api.agents(), 2000);
  const live = useLiveOpen();
  const now = useNow(1000);
  const [selectedQueue, setSelectedQueue] = useState<string>();
  const shown = queues.data?.find((queue) => queue.queueId === selectedQueue);
  const agentRows = useTableCollection(agents.data ?? [], {
    label: 'agents',
    filteringFields: ['agentId', 'name', 'status', 'statusReason'],
    empty: <Box color="text-status-inactive">No agents.</Box>,
    sortingField: 'name',
  });

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={live ? 'Live: updates as they happen' : 'Refreshed every 2 seconds'}
        >
          Queues and agents
        </Header>
      }
    >
      <SpaceBetween size="l">
        {queues.error ? <Alert type="error">{queues.error.message}</Alert> : null}
        <Wallboard queues={queues.data ?? []} agents={agents.data ?? []} />
        <Table
          variant="container"
          header={
            <Header
              variant="h2"
              counter={`(${queues.data?.length ?? 0})`}
              description="Select a queue to see what waits in it"
            >
              Queues
            </Header>
          }
          selectionType="single"
          selectedItems={shown ? [shown] : []}
          onSelectionChange={({ detail }) => setSelectedQueue(detail.selectedItems[0]?.queueId)}
          ariaLabels={{
            selectionGroupLabel: 'Queues',
            itemSelectionLabel: (_, queue) => `Show what waits in ${queue.name}`,
          }}
          loading={!queues.data}
          loadingText="Loading queues"
          items={queues.data ?? []}
          trackBy="queueId"
          columnDefinitions={[
            { id: 'name', header: 'Queue', cell: (q) => q.name, isRowHeader: true },
            { id: 'waiting', header: 'Waiting', cell: (q) => q.waiting },
            { id: 'offered', header: 'Offered', cell: (q) => q.offered },
            { id: 'assigned', header: 'In progress', cell: (q) => q.assigned },
            { id: 'connect', header: 'With Amazon Connect', cell: (q) => q.inConnect ?? 0 },
            {
              id: 'longest',
              header: 'Longest wait',
              cell: (q) => (q.waiting > 0 ? duration(q.oldestWaitSeconds) : '—'),
            },
            {
              id: 'sl',
              header: 'Service level today',
              cell: (q) =>
                q.serviceLevelToday === null || q.serviceLevelToday === undefined ? (
                  <Box color="text-status-inactive">no answers yet</Box>
                ) : (
                  `${Math.round(q.serviceLevelToday * 100)} % of ${q.answeredToday ?? 0}`
                ),
            },
            {
              id: 'deflection',
              header: 'Answered by articles today',
              cell: (q) =>
                q.deflectionRateToday === null || q.deflectionRateToday === undefined ? (
                  <Box color="text-status-inactive">none offered</Box>
                ) : (
                  `${Math.round(q.deflectionRateToday * 100)} % of ${(q.deflectedToday ?? 0) + (q.escalatedToday ?? 0)}`
                ),
            },
            { id: 'articles', header: 'Articles used today', cell: (q) => q.articleUsesToday ?? 0 },
          ]}
          empty={<Box color="text-status-inactive">No queues.</Box>}
        />
        {shown ? (
          <WaitingList api={api} queue={shown} queues={queues.data ?? []} agents={agents.data ?? []} />
        ) : null}
        <Table
          {...agentRows}
          variant="container"
          header={
            <Header variant="h2" counter={`(${agents.data?.length ?? 0})`}>
              Agents
            </Header>
          }
          loading={!agents.data}
          loadingText="Loading agents"
          trackBy="agentId"
          ariaLabels={{ tableLabel: 'Agents' }}
          columnDefinitions={[
            {
              id: 'name',
              header: 'Agent',
              cell: (a) => `${a.name} (${a.agentId})`,
              sortingField: 'name',
              isRowHeader: true,
            },
            {
              id: 'status',
              header: 'Status',
              sortingField: 'status',
              cell: (a) => (
                <StatusIndicator type={STATUS_TYPE[a.status]}>{statusText(a, now)}</StatusIndicator>
              ),
            },
            {
              id: 'load',
              header: 'Load',
              cell: (a) =>
                Object.entries(a.capacity)
                  .map(([group, max]) => `${group} ${a.load[group as keyof typeof a.load] ?? 0}/${max}`)
                  .join(' · '),
            },
            { id: 'skills', header: 'Skills', cell: (a) => Object.keys(a.skills).join(', ') },
            {
              id: 'actions',
              header: 'Set status',
              cell: (a) => <AgentStatusActions api={api} agent={a} onChanged={() => void agents.refetch()} />,
            },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}

/** `away (lunch) · 12m`: the status, why, and the time in it. */
export function statusText(agent: Agent, now: number): string {
  const reason = agent.statusReason ? ` (${awayReasonLabel(agent.statusReason).toLowerCase()})` : '';
  const since = agent.statusSince
    ? ` · ${duration(Math.max(0, (now - Date.parse(agent.statusSince)) / 1000))}`
    : '';
  return `${agent.status}${reason}${since}`;
}
