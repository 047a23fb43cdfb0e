import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Toggle from '@cloudscape-design/components/toggle';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Api, ConversationTranslations, InboundTranslation, TimelineItem } from './api.ts';
import { languageName } from './format.ts';

const SOURCES = {
  detected: 'detected',
  conversation: "the conversation's language",
  customer: "the customer's language",
  queue: "the queue's language",
} as const;

/** The language a message is in: the customer's as detected, or the one a reply reached them in. */
export function LanguageBadge({ item }: { item: TimelineItem }) {
  const reply = item.translation;
  const code =
    item.language?.code ?? (reply ? (reply.status === 'translated' ? reply.to : reply.from) : undefined);
  if (!code) return null;
  const how = item.language
    ? item.language.source === 'detected'
      ? `detected, ${Math.round(item.language.confidence * 100)}% sure`
      : `too short to tell: ${SOURCES[item.language.source]}`
    : reply?.status === 'translated'
      ? 'as the customer received it'
      : 'sent as written';
  return (
    <span title={`${languageName(code)} (${how})`} data-language={code}>
      <Badge color="blue">{code.toUpperCase()}</Badge>
    </span>
  );
}

/**
 * A message's body with its translation: an inbound message beside the agent's translation of
 * it, a reply sent translated as the agent wrote it and as the customer got it, and a note
 * wherever translation failed and the words are shown or went out as written.
 */
export function TranslatedBody({
  item,
  inbound,
  children,
}: {
  item: TimelineItem;
  inbound?: InboundTranslation | undefined;
  /** The body as the customer wrote it or received it. */
  children: ReactNode;
}) {
  const reply = item.direction === 'outbound' ? item.translation : undefined;
  if (reply?.status === 'translated') {
    return (
      <div className="ot-translated">
        <Side label={`Agent wrote · ${languageName(reply.from)}`}>
          <div className="ot-text">{reply.original}</div>
        </Side>
        <Side label={`Customer received · ${languageName(reply.to)}`}>{children}</Side>
      </div>
    );
  }
  if (reply) {
    return (
      <>
        {children}
        <Unavailable note={reply.note} />
      </>
    );
  }
  if (item.direction !== 'inbound' || !inbound || inbound.status === 'same-language') return <>{children}</>;
  if (inbound.status === 'unavailable') {
    return (
      <>
        {children}
        <Unavailable note={inbound.note} />
      </>
    );
  }
  return (
    <div className="ot-translated">
      <Side label={`Original · ${languageName(inbound.from)}`}>{children}</Side>
      <Side label={`Translated to ${languageName(inbound.to)}`}>
        <div className="ot-text">{inbound.text}</div>
      </Side>
    </div>
  );
}

function Side({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label}>
      <Box variant="awsui-key-label">{label}</Box>
      {children}
    </section>
  );
}

function Unavailable({ note }: { note?: string | undefined }) {
  return (
    <StatusIndicator type="warning">Translation unavailable: {note ?? 'shown as written.'}</StatusIndicator>
  );
}

/**
 * Live translation on or off for this conversation, kept by the platform (so it holds for the
 * next agent and after a reload). Offered only where the agent does not speak the customer's
 * language.
 */
export function TranslationSwitch({
  api,
  view,
  onChanged,
}: {
  api: Pick<Api, 'setTranslation'>;
  view: ConversationTranslations | undefined;
  onChanged: () => void;
}) {
  const change = useMutation({
    mutationFn: ({ conversationId, enabled }: { conversationId: string; enabled: boolean }) =>
      api.setTranslation(conversationId, enabled),
    onSuccess: onChanged,
  });
  if (!view?.needed || !view.customerLanguage) return null;

  return (
    <SpaceBetween size="xs">
      <Toggle
        checked={view.enabled}
        disabled={change.isPending}
        onChange={({ detail }) =>
          change.mutate({ conversationId: view.conversationId, enabled: detail.checked })
        }
        ariaLabel="Translate this conversation"
      >
        Translate {languageName(view.customerLanguage)} ↔ {languageName(view.agentLanguage)}
      </Toggle>
      {change.error ? <Alert type="error">{change.error.message}</Alert> : null}
    </SpaceBetween>
  );
}
