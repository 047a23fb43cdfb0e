import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Grid from '@cloudscape-design/components/grid';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ArticleSuggestions } from './ArticleSuggestions.tsx';
import { type AttachedFile, AttachFiles } from './Attachments.tsx';
import {
  type Api,
  type Channel,
  type ConversationTranslations,
  type Customer,
  REPLY_CHANNELS,
  type TimelineItem,
  type WorkItem,
} from './api.ts';
import { type Insertion, suggestionQuery, usedIn, withInsertion } from './article-suggestions.ts';
import { CALL_CUSTOMER_CHANNELS, CallCustomerAction } from './CallCustomerModal.tsx';
import { CannedPicker, slashQuery } from './CannedPicker.tsx';
import { ClaimList, MergedFromList } from './ClaimList.tsx';
import { CHANNEL_LABELS, dateTime, languageName } from './format.ts';
import { IdentityList } from './IdentityList.tsx';
import { useLiveQuery } from './live-updates.tsx';
import { MergeAction } from './MergeModal.tsx';
import { ModalActions } from './ModalActions.tsx';
import { useReport } from './outcomes.tsx';
import { queryKeys } from './queries.ts';
import { ScrollRegion } from './ScrollRegion.tsx';
import { StoreVisitAction } from './StoreVisitModal.tsx';
import { Timeline } from './Timeline.tsx';
import { TransferAction, TransferNotes } from './TransferModal.tsx';
import { TranslationSwitch } from './Translation.tsx';
import { CustomerTyping, useAgentTyping } from './Typing.tsx';
import { useTranslations } from './use-translations.ts';

/** The work item being handled: who the customer is, everything they said, and the reply box. */
export function ConversationPane({
  api,
  item,
  agentId,
  onCompleted,
  onTransferred,
}: {
  api: Api;
  item: WorkItem;
  /** The agent working it, who is no target of their own transfer. */
  agentId: string;
  onCompleted: (workItemId: string) => void;
  /** The item has left this agent; `outcome` says where it went. */
  onTransferred: (outcome: string) => void;
}) {
  const customer = useLiveQuery(
    queryKeys.customer(item.customerId),
    () => api.customer(item.customerId),
    5000,
  );
  const timeline = useLiveQuery(
    queryKeys.timeline(item.customerId),
    () => api.timeline(item.customerId),
    2000,
  );
  const translations = useTranslations(api, item.conversationId, timeline.data);
  const [completing, setCompleting] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const report = useReport();
  const queryClient = useQueryClient();
  // A merge, a link or a logged visit changes the customer's record and their timeline.
  const changed = () =>
    void queryClient.invalidateQueries({ queryKey: queryKeys.ofCustomer(item.customerId) });
  // Read once: the notes do not change while the item is held.
  const transferNotes = useQuery({
    queryKey: queryKeys.workItem(item.workItemId),
    queryFn: () => api.workItem(item.workItemId),
    staleTime: Number.POSITIVE_INFINITY,
  }).data?.transferNotes;
  const agentTyping = useAgentTyping(api, item);

  return (
    <Grid gridDefinition={[{ colspan: 4 }, { colspan: 8 }]}>
      <SpaceBetween size="l">
        <CustomerCard
          customer={customer.data}
          api={api}
          onChanged={changed}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <StoreVisitAction api={api} customer={customer.data} onLogged={changed} />
              <MergeAction api={api} customer={customer.data} onMerged={changed} />
            </SpaceBetween>
          }
        />
        <ArticleSuggestions
          api={api}
          item={item}
          query={suggestionQuery(item.conversationId, timeline.data ?? [])}
          onInsert={(insertion) =>
            setDraft((current) => ({
              text: withInsertion(current.text, insertion.inserted),
              insertions: [...current.insertions, insertion],
            }))
          }
        />
      </SpaceBetween>
      <Container
        header={
          <Header
            variant="h2"
            description={`${CHANNEL_LABELS[item.channel]} conversation ${item.conversationId} · ${item.queueId} queue`}
            actions={
              <SpaceBetween direction="horizontal" size="m" alignItems="center">
                <TranslationSwitch api={api} view={translations.view} onChanged={translations.refresh} />
                {CALL_CUSTOMER_CHANNELS.includes(item.channel) ? (
                  <CallCustomerAction
                    api={api}
                    conversationId={item.conversationId}
                    customer={customer.data}
                    onRequested={(outcome) => report({ id: 'call', type: 'success', content: outcome })}
                  />
                ) : null}
                <TransferAction api={api} item={item} agentId={agentId} onTransferred={onTransferred} />
                <Button onClick={() => setCompleting(true)}>Complete…</Button>
              </SpaceBetween>
            }
          >
            Conversation
          </Header>
        }
        footer={
          <Composer
            api={api}
            item={item}
            history={timeline.data ?? []}
            translations={translations.view}
            draft={draft}
            onDraft={(next) => {
              if (next.text.trim() && next.text !== draft.text) agentTyping();
              setDraft(next);
            }}
            onSent={changed}
          />
        }
      >
        <ScrollRegion label="Conversation history">
          <TransferNotes notes={transferNotes} />
          {timeline.error ? <Alert type="error">{timeline.error.message}</Alert> : null}
          {translations.error ? (
            <Alert type="warning">Translations could not be loaded: {translations.error.message}</Alert>
          ) : null}
          <Timeline items={timeline.data ?? []} translations={translations.byInteraction} files={api.files} />
          {item.channel === 'chat' ? <CustomerTyping api={api} item={item} /> : null}
        </ScrollRegion>
      </Container>
      {completing ? (
        <CompleteModal
          api={api}
          item={item}
          onClose={() => setCompleting(false)}
          onCompleted={() => onCompleted(item.workItemId)}
        />
      ) : null}
    </Grid>
  );
}

export function CustomerCard({
  customer,
  actions,
  api,
  onChanged,
}: {
  customer: Customer | undefined;
  actions?: ReactNode;
  /** With it, claims can be checked and linked, and merges split again. */
  api?: Api;
  onChanged?: () => void;
}) {
  return (
    <Container
      header={
        <Header variant="h2" actions={actions}>
          Customer
        </Header>
      }
    >
      {customer ? (
        <KeyValuePairs
          columns={1}
          items={[
            { label: 'Name', value: customer.name ?? 'Unknown' },
            { label: 'Customer id', value: customer.customerId },
            {
              label: 'Identities',
              value: (
                <IdentityList
                  identities={customer.identities}
                  evidence={customer.evidence}
                  label="Identities"
                />
              ),
            },
            ...(customer.claims?.length
              ? [{ label: 'Claims', value: <ClaimList api={api} customer={customer} onLinked={onChanged} /> }]
              : []),
            ...(customer.mergedFrom?.length
              ? [
                  {
                    label: 'Merged from',
                    value: <MergedFromList api={api} customer={customer} onSplit={onChanged} />,
                  },
                ]
              : []),
            { label: 'Customer since', value: dateTime(customer.createdAt) },
          ]}
        />
      ) : (
        <Box color="text-status-inactive">Loading…</Box>
      )}
    </Container>
  );
}

/** Channels the customer has written on, in the order last used; the conversation's own first. */
function channelsOf(item: WorkItem, history: readonly TimelineItem[]): Channel[] {
  const seen = new Set<Channel>([item.channel]);
  // Events did not come in on a channel one can answer on.
  for (const entry of history)
    if (entry.direction === 'inbound' && entry.kind !== 'event') seen.add(entry.channel);
  return [...seen];
}

/** What happens to the agent's words on the way out, where they do not speak the customer's language. */
function replyLanguageHint(view: ConversationTranslations | undefined): string | undefined {
  if (!view?.needed || !view.customerLanguage) return undefined;
  const theirs = languageName(view.customerLanguage);
  return view.enabled
    ? `Write in ${languageName(view.agentLanguage)}: the customer gets it in ${theirs}.`
    : `Translation is off: the customer gets your words as you write them (they write in ${theirs}).`;
}

/** The reply being written, and the articles put into it from the suggestions. */
export interface Draft {
  text: string;
  insertions: Insertion[];
}

const EMPTY_DRAFT: Draft = { text: '', insertions: [] };

export type ComposerApi = Pick<Api, 'reply' | 'recordArticleUse' | 'cannedResponses' | 'files'>;

/**
 * The reply box. A sent reply records, on the work item, each suggested article whose link or
 * text it still carries; one the agent inserted and then deleted was not used.
 */
export function Composer({
  api,
  item,
  history,
  translations,
  draft,
  onDraft,
  onSent,
}: {
  api: ComposerApi;
  item: WorkItem;
  history: readonly TimelineItem[];
  translations: ConversationTranslations | undefined;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  /** The reply went out (the articles it used may still be being recorded). */
  onSent: () => void;
}) {
  const [channel, setChannel] = useState<Channel>(item.channel);
  const { text } = draft;
  // A `/` typed alone looks for a canned response.
  const slash = slashQuery(text);
  const [attached, setAttached] = useState<AttachedFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const supported = REPLY_CHANNELS.includes(channel);
  const options = channelsOf(item, history).map((c) => ({
    value: c,
    label: CHANNEL_LABELS[c],
    ...(REPLY_CHANNELS.includes(c) ? {} : { description: 'replies not available yet' }),
  }));

  const report = useReport();
  const queryClient = useQueryClient();
  const record = useMutation({
    mutationFn: async (used: ReturnType<typeof usedIn>) => {
      for (const use of used) await api.recordArticleUse(item.workItemId, use.articleId, use.how);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.articleUses(item.workItemId) }),
  });
  const reply = useMutation({
    mutationFn: (sent: { text: string; on: Channel; attachmentIds: string[] }) =>
      api.reply(item.conversationId, sent.on, sent.text, sent.attachmentIds),
    onSuccess: (_, sent) => {
      onDraft(EMPTY_DRAFT);
      setAttached([]);
      report({ id: 'sent', type: 'success', content: `Sent on ${CHANNEL_LABELS[sent.on]}.` });
      onSent();
      const used = usedIn(sent.text, draft.insertions);
      if (used.length > 0) record.mutate(used);
    },
  });
  const error = reply.error
    ? reply.error.message
    : record.error
      ? `Sent, but the article used was not recorded: ${record.error.message}`
      : undefined;

  return (
    <SpaceBetween size="s">
      <FormField label="Reply" description={replyLanguageHint(translations)} stretch>
        <Textarea
          value={text}
          onChange={({ detail }) => onDraft({ ...draft, text: detail.value })}
          ariaLabel="Reply text"
          placeholder={supported ? `Write on ${CHANNEL_LABELS[channel]}… (/ for a canned response)` : ''}
          disabled={!supported}
          rows={3}
        />
      </FormField>
      {supported ? (
        <AttachFiles
          conversationId={item.conversationId}
          files={api.files}
          value={attached}
          onChange={setAttached}
          onBusy={setUploading}
        />
      ) : null}
      {slash !== undefined ? (
        <CannedPicker
          api={api}
          item={item}
          query={slash}
          onPick={(picked) => onDraft({ ...draft, text: picked })}
        />
      ) : null}
      {!supported ? (
        <Alert type="info">
          Replying on {CHANNEL_LABELS[channel]} is not supported by the replies API yet
          {options.length > 1 ? '; pick another channel the customer has used.' : '.'}
        </Alert>
      ) : null}
      {error ? <Alert type="error">{error}</Alert> : null}
      <SpaceBetween direction="horizontal" size="xs" alignItems="center">
        <Select
          ariaLabel="Reply channel"
          selectedOption={options.find((o) => o.value === channel) ?? null}
          options={options}
          onChange={({ detail }) => setChannel(detail.selectedOption.value as Channel)}
        />
        <Button
          variant="primary"
          iconName="send"
          loading={reply.isPending || record.isPending}
          disabled={!supported || uploading || (!text.trim() && attached.length === 0)}
          onClick={() =>
            reply.mutate({
              text: text.trim(),
              on: channel,
              attachmentIds: attached.map((file) => file.attachmentId),
            })
          }
        >
          Send
        </Button>
      </SpaceBetween>
    </SpaceBetween>
  );
}

function CompleteModal({
  api,
  item,
  onClose,
  onCompleted,
}: {
  api: Api;
  item: WorkItem;
  onClose: () => void;
  onCompleted: () => void;
}) {
  const [note, setNote] = useState('');
  const [disposition, setDisposition] = useState<SelectProps.Option | null>(null);
  const complete = useMutation({
    mutationFn: () => api.complete(item.workItemId, { note: note.trim(), disposition: disposition?.value }),
    onSuccess: () => {
      onCompleted();
      onClose();
    },
  });
  const dispositions = item.dispositions ?? [];

  return (
    <Modal
      closeAriaLabel="Close the dialog"
      visible
      onDismiss={onClose}
      header="Complete this work"
      footer={
        <ModalActions
          onCancel={onClose}
          label="Complete"
          loading={complete.isPending}
          disabled={item.dispositionRequired === true && !disposition}
          onAction={() => complete.mutate()}
        />
      }
    >
      <SpaceBetween size="m">
        {dispositions.length > 0 ? (
          <FormField
            label="Outcome"
            description={item.dispositionRequired ? 'This queue asks for one.' : 'Optional for this queue.'}
          >
            <Select
              ariaLabel="Outcome"
              selectedOption={disposition}
              onChange={({ detail }) => setDisposition(detail.selectedOption)}
              options={dispositions.map((d) => ({ value: d.code, label: d.label }))}
              placeholder="Choose what came of it"
            />
          </FormField>
        ) : null}
        <FormField label="Wrap-up note" description="What was done, for whoever picks this customer up next.">
          <Textarea value={note} onChange={({ detail }) => setNote(detail.value)} ariaLabel="Wrap-up note" />
        </FormField>
        {complete.error ? <Alert type="error">{complete.error.message}</Alert> : null}
      </SpaceBetween>
    </Modal>
  );
}
