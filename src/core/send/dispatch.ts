import { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/** How the body of an answer is taken, decided when its headers arrive. */
export type BodyMode =
  /** Kept in memory as it arrives (a small, announced, undecoded body). */
  | 'collect'
  /** Handed over as a stream with back-pressure (large, compressed or unannounced bodies). */
  | 'stream'
  /** Read off the socket and dropped (HEAD, a redirect that is followed). */
  | 'discard';

/** A body taken in 'collect' or 'discard' mode: `done` resolves at its end, with the error that cut it short if any. */
export interface CollectedBody {
  readonly kind: 'collected';
  readonly done: Promise<{ chunks: Buffer[]; size: number; error: unknown }>;
}

/** An answer's status line and headers, and its body as the chosen mode gives it. */
export interface DispatchedResponse {
  statusCode: number;
  statusText: string;
  /** Lower-case names; repeated headers as arrays. */
  headers: IncomingHttpHeaders;
  body: CollectedBody | Readable;
}

/** Bytes a discarded body may have before the connection is dropped instead of read to its end. */
const DISCARD_LIMIT = 1024 * 1024;

/**
 * Sends one request through `dispatcher` with undici's handler interface and resolves once the
 * answer's headers are in. Unlike `request()`, a small body never goes through a Node stream: the
 * common API answer costs one array of chunks instead of a readable stream per response. `signal`
 * cancels at any point (rejecting before the headers, cutting the body after them).
 */
export function dispatchRequest(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal | null,
  choose: (statusCode: number, headers: IncomingHttpHeaders) => BodyMode,
  events: { onStart?(): void; onHeaders?(): void } = {},
): Promise<DispatchedResponse> {
  return new Promise<DispatchedResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    let controller: Dispatcher.DispatchController | null = null;
    let stream: Readable | null = null;
    let chunks: Buffer[] | null = null;
    let size = 0;
    let discard = false;
    let finishCollected: ((error: unknown) => void) | null = null;
    let ended = false;
    const unwatch = signal ? watchAbort(signal, () => controller?.abort(abortError(signal))) : null;
    const done = (): void => {
      ended = true;
      unwatch?.();
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        events.onStart?.();
        if (signal?.aborted) c.abort(abortError(signal));
      },
      onResponseStart(c, statusCode, headers, statusMessage) {
        events.onHeaders?.();
        const mode = choose(statusCode, headers);
        let body: CollectedBody | Readable;
        if (mode === 'stream') {
          stream = new Readable({
            read: () => c.resume(),
            // A reader that gives up early (a decoded-size cap, a cancel) ends the exchange too.
            destroy: (err, cb) => {
              if (!ended) c.abort(err ?? new Error('the response body was not read to its end'));
              cb(err);
            },
          });
          // Errors reach the reader through its iterator; this keeps a failure after the reader has
          // gone (or before it came) from being an unhandled 'error' event.
          stream.on('error', () => undefined);
          body = stream;
        } else {
          chunks = [];
          discard = mode === 'discard';
          body = { kind: 'collected', done: new Promise((res) => (finishCollected = (error) => res({ chunks: chunks ?? [], size, error }))) };
        }
        resolve({ statusCode, statusText: statusMessage ?? '', headers, body });
      },
      onResponseData(c, chunk) {
        if (stream) {
          if (!stream.push(chunk)) c.pause();
          return;
        }
        size += chunk.length;
        if (!discard) chunks?.push(chunk);
        else if (size > DISCARD_LIMIT) c.abort(new Error('a discarded body is larger than 1 MiB; the connection is closed instead'));
      },
      onResponseEnd() {
        done();
        if (stream) stream.push(null);
        else finishCollected?.(null);
      },
      onResponseError(_c, err) {
        done();
        if (stream) stream.destroy(err);
        else if (finishCollected) finishCollected(discard ? null : err);
        else reject(err);
      },
    };
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      done();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

// An abort reason as an Error: `AbortSignal.abort()` gives a DOMException (an Error), a caller may pass anything.
function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new Error(typeof r === 'string' ? r : 'The operation was aborted');
}

const abortWatchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` when `signal` aborts; returns the way to stop watching. One listener per signal serves
 * every request of a run (a listener added and removed on an AbortSignal per request is measurable).
 */
function watchAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = abortWatchers.get(signal);
  if (!set) {
    const s = new Set<() => void>();
    set = s;
    abortWatchers.set(signal, s);
    signal.addEventListener('abort', () => {
      for (const f of [...s]) f();
      s.clear();
    }, { once: true });
  }
  const watchers = set;
  watchers.add(fn);
  return () => watchers.delete(fn);
}

/** True for a body taken in 'collect' or 'discard' mode. */
export function isCollected(body: unknown): body is CollectedBody {
  return typeof body === 'object' && body !== null && (body as CollectedBody).kind === 'collected';
}
