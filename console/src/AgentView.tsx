import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Icon from '@cloudscape-design/components/icon';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AwayReason } from './AwayReason.tsx';
import type { Agent, AgentStatus, Api, Offer } from './api.ts';
import { ConversationPane } from './ConversationPane.tsx';
import { CHANNEL_ICONS, CHANNEL_LABELS, duration } from './format.ts';
import { useLiveOpen, useLiveQuery } from './live-updates.tsx';
import { useReport } from './outcomes.tsx';
import { queryKeys } from './queries.ts';
import { useNow } from './use-now.ts';

const STATUS_TYPE = { available: 'success', away: 'pending', offline: 'stopped' } as const;

export interface AgentViewProps {
  api: Api;
  agentId: string;
  agent: Agent | undefined;
  onAgent: (agent: Agent) => void;
}

/** Status, offers with a countdown, the work in hand and the conversation being worked. */
export function AgentView({ api, agentId, agent, onAgent }: AgentViewProps) {
  const now = useNow(500);
  const [selected, setSelected] = useState<string>();
  const report = useReport();
  const queryClient = useQueryClient();
  const offers = useLiveQuery(queryKeys.offers(agentId), () => api.offers(agentId), 1500);
  // The router's record of what this agent holds, so the list is the same in every tab and after a reload.
  const work = useLiveQuery(queryKeys.agentWork(agentId), () => api.workItems(agentId), 3000);
  const polledAgent = useLiveQuery(queryKeys.agent(agentId), () => api.agent(agentId), 5000);
  const live = useLiveOpen();

  useEffect(() => {
    if (polledAgent.data) onAgent(polledAgent.data);
  }, [polledAgent.data, onAgent]);

  // Offered items wait under Incoming offers, with their countdown.
  const items = (work.data ?? []).filter((item) => item.state === 'assigned');
  const active = items.find((item) => item.workItemId === selected) ?? items[0];

  // Whatever the agent does here changes what the router holds for them.
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.ofAgent(agentId) });
  const refused = (error: Error) => report({ id: 'agent-action', type: 'error', content: error.message });
  const status = useMutation({
    mutationFn: ({ to, reason }: { to: AgentStatus; reason?: string | undefined }) =>
      api.setStatus(agentId, to, reason),
    onSuccess: refresh,
    onError: refused,
  });
  const accept = useMutation({
    mutationFn: (offer: Offer) => api.accept(offer.offerId),
    onSuccess: (_, offer) => {
      setSelected(offer.workItemId);
      return refresh();
    },
    onError: refused,
  });
  const decline = useMutation({
    mutationFn: (offer: Offer) => api.decline(offer.offerId),
    onSuccess: refresh,
    onError: refused,
  });
  const changeStatus = (to: AgentStatus, reason?: string) => status.mutate({ to, reason });

  function completed() {
    setSelected(undefined);
    void refresh();
  }
  function transferred(outcome: string) {
    report({ id: 'transferred', type: 'success', content: outcome });
    completed();
  }

  const shownStatus = agent?.status ?? 'offline';
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={agent ? `Skills: ${Object.keys(agent.skills).join(', ')}` : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {agent?.wrapUpUntil && Date.parse(agent.wrapUpUntil) > now ? (
                <>
                  <Box variant="span" padding={{ top: 'xxs' }}>
                    After-contact work: {duration((Date.parse(agent.wrapUpUntil) - now) / 1000)} left
                  </Box>
                  <Button onClick={() => changeStatus('available')}>Ready</Button>
                </>
              ) : null}
              {shownStatus === 'away' && (
                <AwayReason
                  api={api}
                  agentId={agentId}
                  reason={agent?.statusReason}
                  onReason={(reason) => changeStatus('away', reason)}
                />
              )}
              <SegmentedControl
                label="Status"
                selectedId={shownStatus}
                onChange={({ detail }) => changeStatus(detail.selectedId as AgentStatus)}
                options={[
                  { id: 'available', text: 'Available' },
                  { id: 'away', text: 'Away' },
                  { id: 'offline', text: 'Offline' },
                ]}
              />
            </SpaceBetween>
          }
        >
          {agent?.name ?? agentId}{' '}
          <StatusIndicator type={STATUS_TYPE[shownStatus]}>
            {shownStatus.charAt(0).toUpperCase() + shownStatus.slice(1)}
          </StatusIndicator>
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ColumnLayout columns={2}>
          <Container
            header={
              <Header
                variant="h2"
                counter={`(${offers.data?.length ?? 0})`}
                description={live ? 'Live' : 'Refreshed every 1.5 s'}
              >
                Incoming offers
              </Header>
            }
          >
            {offers.data && offers.data.length > 0 ? (
              <SpaceBetween size="m">
                {offers.data.map((offer) => (
                  <OfferCard
                    key={offer.offerId}
                    api={api}
                    offer={offer}
                    now={now}
                    busy={accept.isPending || decline.isPending}
                    onAccept={() => accept.mutate(offer)}
                    onDecline={() => decline.mutate(offer)}
                  />
                ))}
              </SpaceBetween>
            ) : (
              <Box color="text-status-inactive">
                {shownStatus === 'available'
                  ? 'Waiting for the next contact…'
                  : 'Go available to receive contacts.'}
              </Box>
            )}
          </Container>
          <Table
            variant="container"
            header={
              <Header variant="h2" counter={`(${items.length})`}>
                Active work
              </Header>
            }
            items={items}
            trackBy="workItemId"
            selectionType="single"
            selectedItems={active ? [active] : []}
            onSelectionChange={({ detail }) => setSelected(detail.selectedItems[0]?.workItemId)}
            ariaLabels={{
              tableLabel: 'Active work',
              selectionGroupLabel: 'Active work',
              itemSelectionLabel: (_, item) => `Open ${item.workItemId}`,
            }}
            columnDefinitions={[
              {
                id: 'channel',
                header: 'Channel',
                cell: (item) => (
                  <span>
                    <Icon name={CHANNEL_ICONS[item.channel]} /> {CHANNEL_LABELS[item.channel]}
                  </span>
                ),
              },
              {
                id: 'customer',
                header: 'Customer',
                cell: (item) => <CustomerName api={api} customerId={item.customerId} />,
              },
              { id: 'queue', header: 'Queue', cell: (item) => item.queueId },
              {
                id: 'age',
                header: 'Since',
                cell: (item) => duration((now - Date.parse(item.enqueuedAt)) / 1000),
              },
            ]}
            empty={<Box color="text-status-inactive">No work in hand.</Box>}
          />
        </ColumnLayout>
        {active ? (
          <ConversationPane
            key={active.workItemId}
            api={api}
            item={active}
            agentId={agentId}
            onCompleted={completed}
            onTransferred={transferred}
          />
        ) : null}
      </SpaceBetween>
    </ContentLayout>
  );
}

function OfferCard({
  api,
  offer,
  now,
  busy,
  onAccept,
  onDecline,
}: {
  api: Api;
  offer: Offer;
  now: number;
  /** An answer to an offer is on its way. */
  busy: boolean;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const total = Math.max(1, Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt));
  const left = Math.max(0, Date.parse(offer.expiresAt) - now);
  const enqueuedAt = useQuery({
    queryKey: queryKeys.workItem(offer.workItemId),
    queryFn: () => api.workItem(offer.workItemId),
  }).data?.enqueuedAt;
  return (
    <section aria-label={`Offer from ${offer.queueId} queue`} data-testid="offer">
      <SpaceBetween size="xs">
        <Box variant="h3" tagOverride="div">
          <Icon name={CHANNEL_ICONS[offer.channel]} /> {CHANNEL_LABELS[offer.channel]} · {offer.queueId} queue
        </Box>
        <ColumnLayout columns={2} variant="text-grid">
          <div>
            <Box variant="awsui-key-label">Customer</Box>
            <div>
              <CustomerName api={api} customerId={offer.customerId} />
            </div>
          </div>
          <div>
            <Box variant="awsui-key-label">Waiting</Box>
            <div>{duration((now - Date.parse(enqueuedAt ?? offer.offeredAt)) / 1000)}</div>
          </div>
        </ColumnLayout>
        <ProgressBar
          value={(left / total) * 100}
          label="Expires in"
          additionalInfo={`${Math.ceil(left / 1000)} s left to answer`}
        />
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="primary" onClick={onAccept} disabled={left <= 0 || busy}>
            Accept
          </Button>
          <Button onClick={onDecline} disabled={left <= 0 || busy}>
            Decline
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </section>
  );
}

/** The customer's name once known (their id until then, or if they have none). */
function CustomerName({ api, customerId }: { api: Api; customerId: string }) {
  const name = useQuery({ queryKey: queryKeys.customer(customerId), queryFn: () => api.customer(customerId) })
    .data?.name;
  return <>{name ?? customerId}</>;
}
