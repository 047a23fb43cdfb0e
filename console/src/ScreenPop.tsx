import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Grid from '@cloudscape-design/components/grid';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from './api.ts';
import { CustomerCard } from './ConversationPane.tsx';
import { findCaller } from './caller.ts';
import { ccpDock, placeOver } from './contact-feed/ccp-dock.ts';
import {
  type ContactPhase,
  conversationIdOf,
  customerIdOf,
  type FeedContact,
  popContact,
} from './contact-feed/contact-feed.ts';
import { parentFrameFeed } from './contact-feed/message-feed.ts';
import { loadStreamsFeed } from './contact-feed/streams-feed.ts';
import { inAgentWorkspace, loadWorkspaceFeed } from './contact-feed/workspace-feed.ts';
import { useLiveQuery } from './live-updates.tsx';
import { queryKeys } from './queries.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { ScrollRegion } from './ScrollRegion.tsx';
import { parseScreenPopQuery, type ScreenPopQuery, screenPopHash } from './screen-pop-query.ts';
import { Timeline } from './Timeline.tsx';

const PHASES: Record<ContactPhase, { label: string; type: StatusIndicatorProps.Type }> = {
  incoming: { label: 'Incoming', type: 'pending' },
  connecting: { label: 'Connecting', type: 'in-progress' },
  connected: { label: 'Connected', type: 'success' },
  ended: { label: 'Ended', type: 'stopped' },
};

/** Connect's contact types, as agents say them. */
const CONTACT_TYPES: Record<string, string> = {
  voice: 'Phone call',
  queue_callback: 'Callback',
  chat: 'Chat',
  task: 'Task',
  email: 'Email',
};

const contactType = (channel: string | undefined) =>
  channel ? (CONTACT_TYPES[channel] ?? channel) : 'Contact';

/** Framed by another page (the Connect agent workspace, an agent desktop), not a tab of its own. */
const framed = () => window.parent !== window;

/**
 * The screen pop: the caller's customer card and unified timeline, for a phone number, a
 * customer, or the contact Amazon Connect is offering the agent right now.
 */
export function ScreenPop({ api, config }: { api: Api; config: RuntimeConfig }) {
  const [query, setQuery] = useState<ScreenPopQuery>(() => parseScreenPopQuery(window.location.hash));
  const [contact, setContact] = useState<FeedContact>();
  const pinned = useRef(query.contactId);
  pinned.current = query.contactId;

  useEffect(() => {
    const onHash = () => {
      setQuery(parseScreenPopQuery(window.location.hash));
      setContact(undefined);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Stable, so that a new query does not restart the Contact Control Panel.
  const onContact = useCallback(
    (next: FeedContact) => setContact((shown) => popContact(shown, next, pinned.current)),
    [],
  );

  // In the agent workspace, the workspace tells of contacts and holds the only CCP.
  const [workspace] = useState(() => inAgentWorkspace(window.location));
  const instanceUrl = workspace ? undefined : config.connect?.instanceUrl;
  const [feedError, setFeedError] = useState<string>();

  useEffect(() => {
    if (!workspace) return;
    let live = true;
    let unsubscribe: (() => void) | undefined;
    loadWorkspaceFeed().then(
      (feed) => {
        if (live) unsubscribe = feed.subscribe(onContact);
      },
      (caught: Error) => {
        if (live) setFeedError(`The agent workspace's contacts are not available: ${caught.message}`);
      },
    );
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [workspace, onContact]);

  // Subscribed at once, so that nothing the parent posts early is lost; again with the Connect
  // instance's origin once the config names one.
  useEffect(() => {
    if (workspace || !framed()) return;
    const trusted = [window.location.origin, ...(instanceUrl ? [new URL(instanceUrl).origin] : [])];
    return parentFrameFeed(window, trusted).subscribe(onContact);
  }, [workspace, instanceUrl, onContact]);

  const target = contact
    ? { customerId: customerIdOf(contact), phone: contact.callerNumber }
    : { customerId: query.customerId, phone: query.phone };
  // Looked up again now and then: a new caller becomes a customer once the flow lookup has run.
  const found = useLiveQuery(
    queryKeys.caller(target.customerId, target.phone),
    () => findCaller(api, target),
    5000,
  );
  const caller = found.data;

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="The caller's customer card and whole cross-channel timeline, popped when a contact comes in."
      >
        Screen pop
      </Header>
      <Grid gridDefinition={[{ colspan: { default: 12, s: 4 } }, { colspan: { default: 12, s: 8 } }]}>
        <SpaceBetween size="l">
          {instanceUrl ? (
            <ContactControlPanel instanceUrl={instanceUrl} region={config.region} onContact={onContact} />
          ) : null}
          <LookupForm key={query.phone ?? ''} phone={query.phone} />
        </SpaceBetween>
        <SpaceBetween size="l">
          {feedError ? <Alert type="error">{feedError}</Alert> : null}
          {contact ? <ContactSummary contact={contact} /> : null}
          {found.error ? <Alert type="error">{found.error.message}</Alert> : null}
          {caller?.kind === 'customer' ? (
            <CallerHistory key={caller.customerId} api={api} customerId={caller.customerId} />
          ) : null}
          {caller?.kind === 'new' ? (
            <Alert type="info" header="New caller">
              Nobody with {caller.phone} has contacted us before. Once the contact flow has looked the number
              up, this call starts their timeline.
            </Alert>
          ) : null}
          {caller?.kind === 'none' ? (
            <Box color="text-status-inactive" padding="l" textAlign="center">
              {query.contactId
                ? `Waiting for contact ${query.contactId} from Amazon Connect.`
                : instanceUrl || framed()
                  ? 'Waiting for a contact. The caller pops up here when one comes in.'
                  : 'Look up a caller by phone number.'}
            </Box>
          ) : null}
        </SpaceBetween>
      </Grid>
    </SpaceBetween>
  );
}

/** Amazon Connect's own Contact Control Panel, through Streams, which reports the contacts. */
function ContactControlPanel({
  instanceUrl,
  region,
  onContact,
}: {
  instanceUrl: string;
  region: string | undefined;
  onContact: (contact: FeedContact) => void;
}) {
  const placeholder = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!placeholder.current) return;
    const dock = ccpDock();
    const release = placeOver(dock, placeholder.current);
    let live = true;
    let unsubscribe: (() => void) | undefined;
    loadStreamsFeed(dock, { instanceUrl, region, softphone: !framed() }).then(
      (feed) => {
        if (live) unsubscribe = feed.subscribe(onContact);
      },
      (caught: Error) => {
        if (live) setError(`The Contact Control Panel could not start: ${caught.message}`);
      },
    );
    return () => {
      live = false;
      unsubscribe?.();
      release();
    };
  }, [instanceUrl, region, onContact]);

  return (
    <Container header={<Header variant="h2">Contact Control Panel</Header>} disableContentPaddings>
      {error ? <Alert type="error">{error}</Alert> : null}
      {/* The CCP is laid over this; 320 × 460 is the smallest size it is designed for. */}
      <div ref={placeholder} style={{ height: 520, minWidth: 320 }} />
    </Container>
  );
}

function LookupForm({ phone: initial }: { phone: string | undefined }) {
  const [phone, setPhone] = useState(initial ?? '');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (phone.trim()) window.location.hash = screenPopHash({ phone: phone.trim() });
      }}
    >
      <Container header={<Header variant="h2">Find a caller</Header>}>
        <SpaceBetween size="s">
          <FormField label="Phone number" description="With the country code, e.g. +14155550100">
            <Input inputMode="tel" value={phone} onChange={({ detail }) => setPhone(detail.value)} />
          </FormField>
          <Button formAction="submit" disabled={!phone.trim()}>
            Look up
          </Button>
        </SpaceBetween>
      </Container>
    </form>
  );
}

function ContactSummary({ contact }: { contact: FeedContact }) {
  const phase = PHASES[contact.phase];
  const conversationId = conversationIdOf(contact);
  return (
    <section aria-label="Current contact" aria-live="polite">
      <Container
        header={
          <Header variant="h2" description={`${contactType(contact.channel)} · contact ${contact.contactId}`}>
            {contact.callerNumber ? `Call from ${contact.callerNumber}` : 'Contact'}
          </Header>
        }
      >
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'State', value: <StatusIndicator type={phase.type}>{phase.label}</StatusIndicator> },
            { label: 'Queue', value: contact.queue ?? '—' },
            { label: 'Open conversation', value: conversationId ?? 'None' },
          ]}
        />
      </Container>
    </section>
  );
}

/** The customer card and timeline, reused from the agent view. */
function CallerHistory({ api, customerId }: { api: Api; customerId: string }) {
  const customer = useLiveQuery(queryKeys.customer(customerId), () => api.customer(customerId), 5000);
  const timeline = useLiveQuery(queryKeys.timeline(customerId), () => api.timeline(customerId), 2000);
  return (
    <SpaceBetween size="l">
      {customer.error ? <Alert type="error">{customer.error.message}</Alert> : null}
      <CustomerCard customer={customer.data} />
      <Container header={<Header variant="h2">Timeline</Header>}>
        <ScrollRegion label="Conversation history">
          {timeline.error ? <Alert type="error">{timeline.error.message}</Alert> : null}
          <Timeline items={timeline.data ?? []} />
        </ScrollRegion>
      </Container>
    </SpaceBetween>
  );
}
