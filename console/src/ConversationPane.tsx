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
import { type ReactNode, useEffect, useState } from 'react';
import { ArticleSuggestions } from './ArticleSuggestions.tsx';
import { type AttachedFile, AttachFiles } from './Attachments.tsx';
import {
  type Api,
  type Channel,
  type ConversationTranslations,
  type Customer,
  REPLY_CHANNELS,
  type TimelineItem,
  type TransferNote,
  type WorkItem,
} from './api.ts';
import { type Insertion, suggestionQuery, usedIn, withInsertion } from './article-suggestions.ts';
import { CALL_CUSTOMER_CHANNELS, CallCustomerAction } from './CallCustomerModal.tsx';
import { CannedPicker, slashQuery } from './CannedPicker.tsx';
import { ClaimList, MergedFromList } from './ClaimList.tsx';
import { CHANNEL_LABELS, languageName } from './format.ts';
import { IdentityList } from './IdentityList.tsx';
import { MergeAction } from './MergeModal.tsx';
import { ModalActions } from './ModalActions.tsx';
import { StoreVisitAction } from './StoreVisitModal.tsx';
import { Timeline } from './Timeline.tsx';
import { TransferAction, TransferNotes } from './TransferModal.tsx';
import { TranslationSwitch } from './Translation.tsx';
import { CustomerTyping, useAgentTyping } from './Typing.tsx';
import { useAction } from './use-action.ts';
import { usePolling } from './use-polling.ts';
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
  const customer = usePolling(() => api.customer(item.customerId), 5000, item.customerId, [
    `customer:${item.customerId}`,
  ]);
  const timeline = usePolling(() => api.timeline(item.customerId), 2000, item.customerId, [
    `customer:${item.customerId}`,
  ]);
  const translations = useTranslations(api, item.conversationId, timeline.data);
  const [completing, setCompleting] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [usesKey, setUsesKey] = useState(0);
  const [notice, setNotice] = useState<string>();
  const transferNotes = useTransferNotes(api, item.workItemId);
  const agentTyping = useAgentTyping(api, item);

  return (
    <Grid gridDefinition={[{ colspan: 4 }, { colspan: 8 }]}>
      <SpaceBetween size="l">
        <CustomerCard
          customer={customer.data}
          api={api}
          onChanged={() => {
            customer.refresh();
            timeline.refresh();
          }}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <StoreVisitAction api={api} customer={customer.data} onLogged={() => timeline.refresh()} />
              <MergeAction
                api={api}
                customer={customer.data}
                onMerged={() => {
                  customer.refresh();
                  timeline.refresh();
                }}
              />
            </SpaceBetween>
          }
        />
        <ArticleSuggestions
          api={api}
          item={item}
          query={suggestionQuery(item.conversationId, timeline.data ?? [])}
          usesKey={usesKey}
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
                    onRequested={setNotice}
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
            onSent={(recorded) => {
              timeline.refresh();
              if (recorded) setUsesKey((n) => n + 1);
            }}
          />
        }
      >
        <div className="ot-scroll">
          <TransferNotes notes={transferNotes} />
          {notice ? (
            <Alert type="success" dismissible onDismiss={() => setNotice(undefined)}>
              {notice}
            </Alert>
          ) : null}
          {timeline.error ? <Alert type="error">{timeline.error.message}</Alert> : null}
          {translations.error ? (
            <Alert type="warning">Translations could not be loaded: {translations.error.message}</Alert>
          ) : null}
          <Timeline items={timeline.data ?? []} translations={translations.byInteraction} files={api.files} />
          {item.channel === 'chat' ? <CustomerTyping api={api} item={item} /> : null}
        </div>
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

/** The notes left on the item by whoever passed it on; read once, as they do not change while held. */
function useTransferNotes(api: Api, workItemId: string): TransferNote[] | undefined {
  const [notes, setNotes] = useState<TransferNote[]>();
  useEffect(() => {
    api.workItem(workItemId).then(
      (stored) => setNotes(stored.transferNotes),
      () => undefined,
    );
  }, [api, workItemId]);
  return notes;
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
            { label: 'Customer since', value: new Date(customer.createdAt).toLocaleString('en-GB') },
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
  /** `recorded`: the reply used at least one article. */
  onSent: (recorded: boolean) => void;
}) {
  const [channel, setChannel] = useState<Channel>(item.channel);
  const { text } = draft;
  // A `/` typed alone looks for a canned response.
  const slash = slashQuery(text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [attached, setAttached] = useState<AttachedFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const supported = REPLY_CHANNELS.includes(channel);
  const options = channelsOf(item, history).map((c) => ({
    value: c,
    label: CHANNEL_LABELS[c],
    ...(REPLY_CHANNELS.includes(c) ? {} : { description: 'replies not available yet' }),
  }));

  async function send() {
    setBusy(true);
    setError(undefined);
    const sent = text.trim();
    try {
      await api.reply(
        item.conversationId,
        channel,
        sent,
        attached.map((file) => file.attachmentId),
      );
      onDraft(EMPTY_DRAFT);
      setAttached([]);
    } catch (caught) {
      setError((caught as Error).message);
      setBusy(false);
      return;
    }
    const used = usedIn(sent, draft.insertions);
    try {
      for (const use of used) await api.recordArticleUse(item.workItemId, use.articleId, use.how);
    } catch (caught) {
      setError(`Sent, but the article used was not recorded: ${(caught as Error).message}`);
    } finally {
      setBusy(false);
      onSent(used.length > 0);
    }
  }

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
          loading={busy}
          disabled={!supported || uploading || (!text.trim() && attached.length === 0)}
          onClick={() => void send()}
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
  const { busy, error, run } = useAction();
  const dispositions = item.dispositions ?? [];

  async function complete() {
    const done = await run(() =>
      api.complete(item.workItemId, { note: note.trim(), disposition: disposition?.value }),
    );
    if (!done) return;
    onCompleted();
    onClose();
  }

  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Complete this work"
      footer={
        <ModalActions
          onCancel={onClose}
          label="Complete"
          loading={busy}
          disabled={item.dispositionRequired === true && !disposition}
          onAction={() => void complete()}
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
        {error ? <Alert type="error">{error}</Alert> : null}
      </SpaceBetween>
    </Modal>
  );
}
