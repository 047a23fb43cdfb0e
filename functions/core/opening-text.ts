/**
 * A queue's next opening as a customer reads it or a caller hears it after "we open again" (a
 * 24-hour clock, so no prompt chooses between am and pm), in the queue's time zone and the
 * customer's language: "Monday at 09:00", or "today at 14:00" / "tomorrow at 09:00" when it
 * is that close (what a person would say).
 */
export function describeOpening(opening: number, now: number, timeZone: string, language = 'en'): string {
  const locale = safeLocale(language);
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const days = localDay(opening, timeZone) - localDay(now, timeZone);
  const day =
    days <= 1
      ? relative.format(days, 'day')
      : new Intl.DateTimeFormat(dayLocale(locale), {
          timeZone,
          weekday: 'long',
          ...(days >= 7 ? { day: 'numeric', month: 'long' } : {}),
        }).format(opening);
  return `${day} ${atWord(locale)} ${time.format(opening)}`;
}

/** Days since the epoch of the local calendar date at `at` in the zone. */
function localDay(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return Math.round(Date.parse(`${parts}T00:00:00Z`) / 86_400_000);
}

const AT: Record<string, string> = { en: 'at', es: 'a las', pt: 'às', fr: 'à', de: 'um', it: 'alle' };

function atWord(locale: string): string {
  return AT[locale.slice(0, 2)] ?? AT.en ?? 'at';
}

/** English days as people say them: "Monday 4 January". */
function dayLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale;
}

function safeLocale(language: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language])[0] ?? 'en';
  } catch {
    return 'en';
  }
}
