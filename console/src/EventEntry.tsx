import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Icon from '@cloudscape-design/components/icon';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { BusinessEvent, TimelineItem } from './api.ts';
import { CHANNEL_ICONS, CHANNEL_LABELS, time } from './format.ts';

/** The type staff-logged visits are filed under. */
export const STORE_VISIT_TYPE = 'store.visit';

/** Who stands behind an event: the staff member who logged it, or the system that reported it. */
export function eventSource(business: BusinessEvent): string {
  if (business.source.startsWith('agent:')) return `logged by ${business.source.slice('agent:'.length)}`;
  if (business.source.startsWith('iam:')) return `reported by ${business.source.slice('iam:'.length)}`;
  return `reported with key ${business.source}`;
}

function attributeText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A business event or store visit: a badge for where it happened, what, who vouched for it. */
export function EventEntry({ item, now }: { item: TimelineItem; now?: Date | undefined }) {
  const business = item.business as BusinessEvent;
  const attributes = Object.entries(business.attributes ?? {});
  return (
    <li
      className="ot-entry ot-event"
      data-kind="event"
      data-channel={item.channel}
      data-event-type={business.type}
    >
      <SpaceBetween size="xxs">
        <Box variant="small" color="text-body-secondary">
          <Badge color="blue">
            <Icon name={CHANNEL_ICONS[item.channel]} size="small" /> {CHANNEL_LABELS[item.channel]}
          </Badge>{' '}
          {business.type === STORE_VISIT_TYPE ? 'Store visit' : business.type} · {eventSource(business)} ·{' '}
          <time dateTime={item.at}>{time(item.at, now)}</time>
        </Box>
        <div className="ot-text">{business.summary}</div>
        {attributes.length > 0 ? (
          <Box variant="small" color="text-body-secondary">
            {attributes.map(([name, value]) => `${name}: ${attributeText(value)}`).join(' · ')}
          </Box>
        ) : null}
      </SpaceBetween>
    </li>
  );
}
