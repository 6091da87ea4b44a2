// Small pure formatters both sides use, so the panel and the host's notifications word sizes,
// durations and status classes the same way.
import type { Category, StatusFilter } from './messages';

// Sizes, durations, media types and pointers come from core's pure text helpers, the same ones the
// CLI and the editor use (the webview reaches core only through here).
export { formatBytes, formatDuration } from '../core/text/format';
export { isJsonMediaType } from '../core/text/media-type';
export { escapeToken } from '../core/text/json-pointer';

/** Whole seconds left until `until` (epoch ms) from `now`, never negative; rounds up so 0 means "now". */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** The status class a status falls in, as the history filter names it. */
export function statusClass(status: number | null): Exclude<StatusFilter, ''> {
  if (status === null || status < 200 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx` as '2xx' | '3xx' | '4xx' | '5xx';
}

/** True when an entry with this status and category passes the filter. */
export function matchesFilter(status: number | null, category: Category, filter: { status: StatusFilter; category: Category | '' }): boolean {
  if (filter.status && statusClass(status) !== filter.status) return false;
  if (filter.category && category !== filter.category) return false;
  return true;
}

/** How the panel colours a category: success, warning (wait or look again) or error (fix something). */
export function categoryTone(category: Category): 'success' | 'warning' | 'error' | 'info' {
  switch (category) {
    case 'success':
      return 'success';
    case 'partial-success':
    case 'rate-limited':
    case 'plan-limit':
    case 'unavailable':
      return 'warning';
    case 'redirect':
      return 'info';
    default:
      return 'error';
  }
}

/** True for an http: or https: URL; the panel renders nothing else as a link. */
export function isWebUrl(s: string | null | undefined): s is string {
  if (!s) return false;
  return /^https?:\/\/[^\s]+$/i.test(s);
}

/** True for the image types the panel renders (never SVG: it is a document and is shown as text). */
export function isRenderedImageType(contentType: string | null | undefined): boolean {
  return !!contentType && /^image\/(png|jpeg|gif|webp|bmp|x-icon|vnd\.microsoft\.icon)$/i.test(contentType);
}
