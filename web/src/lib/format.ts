const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) read as local midnight, so it never shifts by time zone. */
export function formatDay(day: string): string {
  return formatDate(`${day}T00:00:00`);
}

/** "Dec 8, 9:30 AM": a due time where a full date would crowd the line. */
export function formatShortDateTime(iso: string): string {
  return shortDateTime.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}

/** "3 hours ago", "in 6 days"; "just now" under a minute. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** A short, readable form of a user agent: browser and platform. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const platform = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser && !platform) return userAgent.slice(0, 60);
  return [browser ?? 'Browser', platform].filter(Boolean).join(' on ');
}

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const dollarsAndCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

/** 12,345 (decimals only when the value has them, up to two). */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? wholeNumber.format(value) : decimalNumber.format(value);
}

/** $245,000; cents only where they matter (amounts under $10,000 that have them, like a tax bill). */
export function formatMoney(value: number): string {
  return !Number.isInteger(value) && Math.abs(value) < 10_000 ? dollarsAndCents.format(value) : dollars.format(value);
}

export function formatPercent(value: number): string {
  return `${decimalNumber.format(value)}%`;
}

/** US numbers as (312) 555-0142; any other number stays in its international form. */
export function formatPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/** "45 s", "3 min 20 s", "1 h 5 min". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.floor(minutes / 60)} h`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${decimalNumber.format(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${decimalNumber.format(bytes / 1024 / 1024)} MB`;
  return `${decimalNumber.format(bytes / 1024 / 1024 / 1024)} GB`;
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * An estimated count as people say it: "1.2 million", "45,000". Two significant
 * digits, because a figure more precise than the estimate would mislead.
 */
export function formatApproximateCount(value: number): string {
  const rounded = Number(value.toPrecision(2));
  if (rounded >= 1_000_000_000) return `${oneDecimal.format(rounded / 1_000_000_000)} billion`;
  if (rounded >= 1_000_000) return `${oneDecimal.format(rounded / 1_000_000)} million`;
  return wholeNumber.format(rounded);
}
