/** A documented request budget: at most `requests` per `windowMs` milliseconds for one scope key. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Waits and clock used by the limiter; injected in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Real time: `Date.now` and an abortable `setTimeout`. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortableSleep(ms, signal),
};

/** Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    // `Retry-After: 0` means "now": a 0 ms timer still costs a full timer tick (about 1 ms), which a
    // run of 429s pays once per resend.
    if (ms <= 0) {
      setImmediate(() => (signal?.aborted ? reject(signal.reason as Error) : resolve()));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Client-side sliding-window limiter: before a request to a scope (for example "tracking server
 * events for key X") it waits until fewer than `requests` started in the last `windowMs`. The wait
 * is returned so callers show it; it is never silent.
 */
export class RateLimiter {
  private readonly starts = new Map<string, number[]>();

  constructor(private readonly clock: Clock = realClock) {}

  /** Milliseconds a request to `key` would wait now under `limit` (0 when it may go at once). */
  delayFor(key: string, limit: RateLimit): number {
    const list = this.prune(key, limit);
    if (list.length < limit.requests) return 0;
    return Math.max(0, list[list.length - limit.requests] + limit.windowMs - this.clock.now());
  }

  /** Waits for a slot, records the start, and returns the milliseconds waited. */
  async acquire(key: string, limit: RateLimit, signal?: AbortSignal, onWait?: (ms: number) => void): Promise<number> {
    let waited = 0;
    for (;;) {
      const d = this.delayFor(key, limit);
      if (d <= 0) break;
      onWait?.(d);
      await this.clock.sleep(d, signal);
      waited += d;
    }
    const list = this.starts.get(key) ?? [];
    list.push(this.clock.now());
    this.starts.set(key, list);
    return waited;
  }

  private prune(key: string, limit: RateLimit): number[] {
    const list = this.starts.get(key) ?? [];
    const cutoff = this.clock.now() - limit.windowMs;
    let i = 0;
    while (i < list.length && list[i] <= cutoff) i++;
    if (i) list.splice(0, i);
    this.starts.set(key, list);
    return list;
  }
}

/** A non-waiting window counter for servers: `take` admits a request or says how long to wait. */
export class WindowCounter {
  private readonly starts = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a request for `key` and returns 0 when `limit` allows it, else the milliseconds until it would (nothing recorded). */
  take(key: string, limit: RateLimit): number {
    const t = this.now();
    const list = (this.starts.get(key) ?? []).filter((s) => s > t - limit.windowMs);
    this.starts.set(key, list);
    if (list.length >= limit.requests) return Math.max(1, list[list.length - limit.requests] + limit.windowMs - t);
    list.push(t);
    return 0;
  }

  /** Forgets every key. */
  reset(): void {
    this.starts.clear();
  }
}
