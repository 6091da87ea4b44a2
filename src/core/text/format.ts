// The one way Reqlint words sizes and durations for people, in the CLI, the editor and the panel.
// Sizes are 1024-based and say so (KiB, MiB); durations pick the unit that reads best.

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count for people: `0 B`, `512 B`, `1.5 KiB`, `2.0 MiB` (1024-based, one decimal from KiB up); `? B` when not a count. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '? B';
  if (n < 1024) return `${Math.round(n)} B`;
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${BYTE_UNITS[u]}`;
}

/**
 * A duration in milliseconds for people: `0.4 ms`, `850 ms`, `1.5 s`, `12 s`, `2 min 5 s`,
 * `3 h 5 min`, `2 d`; `an unknown time` when not a duration.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  if (ms < 10 && !Number.isInteger(ms)) return `${trimZero((Math.round(ms * 10) / 10).toFixed(1))} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 59.95) return `${trimZero((Math.round(s * 10) / 10).toFixed(1))} s`;
  const totalS = Math.round(s);
  if (totalS < 3600) {
    const rest = totalS % 60;
    return rest ? `${Math.floor(totalS / 60)} min ${rest} s` : `${totalS / 60} min`;
  }
  const totalMin = Math.round(s / 60);
  if (totalMin < 24 * 60) {
    const rest = totalMin % 60;
    return rest ? `${Math.floor(totalMin / 60)} h ${rest} min` : `${totalMin / 60} h`;
  }
  return `${Math.round(s / 86400)} d`;
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}
