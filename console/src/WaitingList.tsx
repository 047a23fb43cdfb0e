import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import Table from '@cloudscape-design/components/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Agent, Api, QueueStats, TransferTarget, WaitingItem } from './api.ts';
import { useTableCollection } from './collection.tsx';
import { channelLabel, duration, languageName } from './format.ts';
import { useLiveQuery } from './live-updates.tsx';
import { ModalActions } from './ModalActions.tsx';
import { queryKeys } from './queries.ts';

export type WaitingApi = Pick<Api, 'waiting' | 'reassign'>;

/** Where an item can go: another queue (it keeps its wait) or one agent by name. */
export function reassignTargets(queues: readonly QueueStats[], agents: readonly Agent[], from: string) {
  return [
    {
      label: 'Queues',
      options: queues
        .filter((queue) => queue.queueId !== from)
        .map((queue) => ({ value: `queue:${queue.queueId}`, label: queue.name })),
    },
    {
      label: 'Agents',
      options: agents.map((agent) => ({
        value: `agent:${agent.agentId}`,
        label: agent.name,
        description: agent.status,
      })),
    },
  ];
}

/** The target a `reassignTargets` option names. */
export function targetOf(value: string): TransferTarget {
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  return kind === 'queue' ? { queueId: id } : { agentId: id };
}

/** What waits in one queue, in service order, with a supervisor's reassign on each item. */
export function WaitingList({
  api,
  queue,
  queues,
  agents,
}: {
  api: WaitingApi;
  queue: QueueStats;
  queues: readonly QueueStats[];
  agents: readonly Agent[];
}) {
  const waiting = useLiveQuery(queryKeys.waiting(queue.queueId), () => api.waiting(queue.queueId), 2000);
  const [moving, setMoving] = useState<WaitingItem>();
  const [target, setTarget] = useState<SelectProps.Option | null>(null);
  const queryClient = useQueryClient();
  const reassign = useMutation({
    mutationFn: ({ item, to }: { item: WaitingItem; to: string }) =>
      api.reassign(item.workItemId, targetOf(to)),
    onSuccess: () => {
      setMoving(undefined);
      setTarget(null);
      // The item left this queue, and joined another's or an agent's figures.
      return queryClient.invalidateQueries({ queryKey: ['queues'] });
    },
  });
  // In service order until the supervisor sorts by a column.
  const collection = useTableCollection(waiting.data ?? [], {
    label: 'what waits',
    filteringFields: ['channel', 'language', 'state', 'agentId', 'workItemId', 'customerId'],
    empty: <Box color="text-status-inactive">Nobody waits in this queue.</Box>,
  });
  const close = () => {
    setMoving(undefined);
    reassign.reset();
  };

  return (
    <>
      <Table
        {...collection}
        variant="container"
        header={
          <Header variant="h2" counter={`(${waiting.data?.length ?? 0})`}>
            Waiting in {queue.name}
          </Header>
        }
        loading={!waiting.data && !waiting.error}
        loadingText="Loading what waits"
        trackBy="workItemId"
        ariaLabels={{ tableLabel: `Waiting in ${queue.name}` }}
        columnDefinitions={[
          {
            id: 'age',
            header: 'Waiting',
            cell: (item) => duration(item.waitingSeconds),
            sortingField: 'waitingSeconds',
            isRowHeader: true,
          },
          {
            id: 'channel',
            header: 'Channel',
            cell: (item) => channelLabel(item.channel),
            sortingField: 'channel',
          },
          {
            id: 'language',
            header: 'Language',
            cell: (item) => (item.language ? languageName(item.language) : '—'),
            sortingField: 'language',
          },
          { id: 'priority', header: 'Priority', cell: (item) => item.priority, sortingField: 'priority' },
          { id: 'step', header: 'Step', cell: (item) => item.routingStep + 1, sortingField: 'routingStep' },
          {
            id: 'state',
            header: 'State',
            cell: (item) => (item.state === 'offered' ? `offered to ${item.agentId}` : 'waiting'),
          },
          {
            id: 'actions',
            header: 'Actions',
            cell: (item) => (
              <Button
                variant="inline-link"
                ariaLabel={`Reassign ${item.workItemId}`}
                onClick={() => setMoving(item)}
              >
                Reassign
              </Button>
            ),
          },
        ]}
      />
      {waiting.error ? <Alert type="error">{waiting.error.message}</Alert> : null}
      <Modal
        closeAriaLabel="Close the dialog"
        visible={moving !== undefined}
        onDismiss={close}
        header="Reassign"
        footer={
          <ModalActions
            onCancel={close}
            label="Reassign"
            onAction={() => {
              if (moving && target?.value) reassign.mutate({ item: moving, to: target.value });
            }}
            loading={reassign.isPending}
            disabled={!target}
          />
        }
      >
        <FormField
          label="To"
          description="A queue keeps the customer's place by their wait; an agent gets it by name."
        >
          <Select
            ariaLabel="Reassign to"
            selectedOption={target}
            onChange={({ detail }) => setTarget(detail.selectedOption)}
            options={reassignTargets(queues, agents, queue.queueId)}
            placeholder="Choose a queue or an agent"
          />
        </FormField>
        {reassign.error ? <Alert type="error">{reassign.error.message}</Alert> : null}
      </Modal>
    </>
  );
}
