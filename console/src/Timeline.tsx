import Avatar from '@cloudscape-design/chat-components/avatar';
import ChatBubble from '@cloudscape-design/chat-components/chat-bubble';
import Box from '@cloudscape-design/components/box';
import Icon, { type IconProps } from '@cloudscape-design/components/icon';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { AttachmentList } from './Attachments.tsx';
import type { DeliveryStatus, InboundTranslation, TimelineItem } from './api.ts';
import type { AttachmentFiles } from './attachment-files.ts';
import { EmailBody } from './EmailBody.tsx';
import { EventEntry } from './EventEntry.tsx';
import { CHANNEL_ICONS, CHANNEL_LABELS, duration, identityParts, time } from './format.ts';
import { LanguageBadge, TranslatedBody } from './Translation.tsx';

const DELIVERY: Record<DeliveryStatus, { type: StatusIndicatorProps.Type; label: string }> = {
  accepted: { type: 'pending', label: 'Accepted' },
  sent: { type: 'in-progress', label: 'Sent' },
  delivered: { type: 'success', label: 'Delivered' },
  read: { type: 'success', label: 'Read' },
  failed: { type: 'error', label: 'Failed' },
};

/** Who speaks in a message: the customer, one of us, or the platform. */
const AVATAR_ICONS: Record<TimelineItem['direction'], IconProps.Name> = {
  inbound: 'user-profile',
  outbound: 'user-profile-active',
  internal: 'settings',
};

export interface TimelineProps {
  /** Newest first, as the API returns them; shown oldest first, like a conversation. */
  items: readonly TimelineItem[];
  now?: Date;
  /** The agent's translations of the customer's messages, by interaction id. */
  translations?: ReadonlyMap<string, InboundTranslation>;
  /** Reads stored files for previews and downloads; without it files are named only. */
  files?: Pick<AttachmentFiles, 'file'> | undefined;
}

/** The customer's whole cross-channel history as one list. */
export function Timeline({ items, now, translations, files }: TimelineProps) {
  if (items.length === 0) {
    return (
      <Box color="text-status-inactive" textAlign="center" padding="l">
        Nothing on this customer's timeline yet.
      </Box>
    );
  }
  return (
    <ol className="ot-timeline" aria-label="Customer timeline">
      {[...items].reverse().map((item) => (
        <TimelineEntry
          key={item.interactionId}
          item={item}
          now={now}
          translation={translations?.get(item.interactionId)}
          files={files}
        />
      ))}
    </ol>
  );
}

export function TimelineEntry({
  item,
  now,
  translation,
  files,
}: {
  item: TimelineItem;
  now?: Date | undefined;
  translation?: InboundTranslation | undefined;
  files?: Pick<AttachmentFiles, 'file'> | undefined;
}) {
  if (item.removed) return <RemovedEntry item={item} now={now} />;
  if ((item.kind === 'merge' || item.kind === 'unmerge') && item.merge) {
    const what = item.kind === 'merge' ? 'Customer records merged' : 'Customer records unmerged';
    const arrow = item.kind === 'merge' ? '→' : 'split from';
    return (
      <li className="ot-entry ot-internal" data-kind={item.kind} data-channel={item.channel}>
        <Box variant="small" color="text-body-secondary">
          <Icon name="group" /> {time(item.at, now)} · {what}: {item.merge.absorbedCustomerId} {arrow}{' '}
          {item.merge.survivingCustomerId}, {mergeProof(item.merge)}
        </Box>
      </li>
    );
  }
  if (item.kind === 'event' && item.business) return <EventEntry item={item} now={now} />;
  const who = item.direction === 'inbound' ? 'Customer' : item.direction === 'outbound' ? 'Agent' : 'System';
  const author = item.direction === 'outbound' && item.sentBy ? `${who} ${item.sentBy}` : who;
  return (
    <li
      className={`ot-message ot-${item.direction}`}
      data-kind={item.kind}
      data-channel={item.channel}
      data-direction={item.direction}
    >
      <ChatBubble
        type={item.direction === 'outbound' ? 'outgoing' : 'incoming'}
        ariaLabel={`${author} on ${CHANNEL_LABELS[item.channel]}, ${time(item.at, now)}`}
        avatar={<Avatar ariaLabel={author} tooltipText={author} iconName={AVATAR_ICONS[item.direction]} />}
      >
        <SpaceBetween size="xxs">
          <Box variant="small" color="text-body-secondary">
            <span className="ot-channel">
              <Icon name={CHANNEL_ICONS[item.channel]} size="small" /> {CHANNEL_LABELS[item.channel]}
            </span>{' '}
            · {author} · <time dateTime={item.at}>{time(item.at, now)}</time> <LanguageBadge item={item} />
          </Box>
          {item.subject ? (
            <Box variant="h4" tagOverride="div">
              {item.subject}
            </Box>
          ) : null}
          {item.email?.from && item.direction === 'inbound' ? (
            <Box variant="small">From {item.email.from}</Box>
          ) : null}
          {item.kind === 'reaction' && item.reaction ? (
            <Box>
              {item.reaction.action === 'react'
                ? `Reacted ${item.reaction.emoji ?? ''}`.trim()
                : 'Removed a reaction'}
            </Box>
          ) : null}
          {item.call ? <CallSummary call={item.call} /> : null}
          {item.email?.html ? (
            <TranslatedBody item={item} inbound={translation}>
              <EmailBody text={item.text} html={item.email.html} />
            </TranslatedBody>
          ) : item.text ? (
            <TranslatedBody item={item} inbound={translation}>
              <div className="ot-text">{item.text}</div>
            </TranslatedBody>
          ) : null}
          {item.location ? (
            <Box>
              <Icon name="map" /> {item.location.name ?? 'Shared location'} ({item.location.latitude},{' '}
              {item.location.longitude})
            </Box>
          ) : null}
          {item.attachments && item.attachments.length > 0 ? (
            <AttachmentList attachments={item.attachments} files={files} />
          ) : null}
          {item.deliveryStatus ? <DeliveryIndicator item={item} now={now} /> : null}
        </SpaceBetween>
      </ChatBubble>
    </li>
  );
}

/** Where the provider reports reads (WhatsApp, Messenger, Instagram), a read message says when. */
function DeliveryIndicator({ item, now }: { item: TimelineItem; now?: Date | undefined }) {
  const status = item.deliveryStatus ?? 'accepted';
  const readAt = status === 'read' ? item.deliveryHistory?.find((e) => e.status === 'read')?.at : undefined;
  return (
    <StatusIndicator type={DELIVERY[status].type}>
      {DELIVERY[status].label}
      {readAt ? (
        <>
          {' '}
          <time dateTime={readAt}>{time(readAt, now)}</time>
        </>
      ) : null}
      {item.deliveryReason ? `: ${item.deliveryReason}` : ''}
    </StatusIndicator>
  );
}

/** An entry retention removed: where and when it was, greyed, so a gap in the history is explained. */
function RemovedEntry({ item, now }: { item: TimelineItem; now?: Date | undefined }) {
  return (
    <li
      className={`ot-entry ot-${item.direction} ot-removed`}
      data-kind={item.kind}
      data-channel={item.channel}
      data-direction={item.direction}
      data-removed={item.removed?.reason}
    >
      <Box variant="small" color="text-status-inactive">
        <span className="ot-channel">
          <Icon name={CHANNEL_ICONS[item.channel]} size="small" /> {CHANNEL_LABELS[item.channel]}
        </span>{' '}
        · <time dateTime={item.at}>{time(item.at, now)}</time> · Removed (retention)
      </Box>
    </li>
  );
}

/** An automatic merge names the identity that proved it; an agent's merge names the agent and why. */
function mergeProof(merge: NonNullable<TimelineItem['merge']>): string {
  if (merge.agentId) return `by agent ${merge.agentId}${merge.reason ? `: ${merge.reason}` : ''}`;
  const proof = identityParts(merge.identity ?? '');
  return `proven by ${proof.kind.toLowerCase()} ${proof.value}`;
}

function CallSummary({ call }: { call: NonNullable<TimelineItem['call']> }) {
  const parts = [`Call ${call.state}`];
  if (call.durationSeconds !== undefined) parts.push(`duration ${duration(call.durationSeconds)}`);
  if (call.waitSeconds !== undefined) parts.push(`waited ${duration(call.waitSeconds)}`);
  if (call.disconnectReason) parts.push(call.disconnectReason.toLowerCase().replaceAll('_', ' '));
  return <Box>{parts.join(' · ')}</Box>;
}
