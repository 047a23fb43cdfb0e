import type { IconProps } from '@cloudscape-design/components/icon';
import type { Channel } from './api.ts';

export const CHANNEL_LABELS: Record<Channel, string> = {
  chat: 'Chat',
  email: 'Email',
  voice: 'Phone',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  x: 'X',
  store: 'Store',
};

export const CHANNEL_ICONS: Record<Channel, IconProps.Name> = {
  chat: 'contact',
  email: 'envelope',
  voice: 'call',
  sms: 'keyboard',
  whatsapp: 'send',
  messenger: 'send',
  instagram: 'share',
  x: 'share',
  store: 'location-pin',
};

/** A channel's label; one the console does not know shows as the API names it. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}

/** `1 h 2 min`, `3 min 4 s`, `5 s`. */
export function duration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/**
 * A time in the agent's time zone, named (`14:05:09 CET`), with the date only when it is not
 * today: a team across zones, or a customer's own, reads it without guessing.
 */
export function time(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  const clock = at.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return sameDay ? clock : `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${clock}`;
}

/** A date and time in the agent's time zone, named: `1 Dec 2026, 14:05 CET`. */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** `email:ana@example.com` → `{ kind: 'Email', value: 'ana@example.com' }`. */
export function identityParts(identity: string): { kind: string; value: string } {
  const at = identity.indexOf(':');
  if (at < 0) return { kind: 'Identity', value: identity };
  const kind = identity.slice(0, at);
  const labels: Record<string, string> = { ...CHANNEL_LABELS, phone: 'Phone', chat: 'Chat session' };
  return { kind: labels[kind] ?? kind, value: identity.slice(at + 1) };
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** `es` → `Spanish`; a code the browser has no name for stays as it is. */
export function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** `82 %`, or a dash for a share with nothing to measure. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** A report interval's start in the user's time zone: `1 Dec 14:15`, or only `1 Dec 2026` for a day. */
export function intervalStart(iso: string, daily: boolean): string {
  const at = new Date(iso);
  const date = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(daily ? { year: 'numeric' } : {}),
  });
  return daily ? date : `${date} ${at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

/** `missed-offers` → `Missed offers`: a reason as agents say it. */
export function awayReasonLabel(reason: string): string {
  const words = reason.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
