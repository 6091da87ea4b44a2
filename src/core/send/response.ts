import { createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { isCollected, type CollectedBody } from './dispatch';
import type { ResponseBody } from './types';

/** Limits for reading one response body. */
export interface BodyLimits {
  /** Decoded bytes kept in memory; a larger body goes to a temp file (default 50 MiB). */
  maxBodyBytes: number;
  /** Decoded bytes kept as `preview` for the classifier (default 1 MiB). */
  previewBytes: number;
  /** Decoded bytes after which decoding stops (gzip bomb guard; default 1 GiB). */
  maxDecodedBytes: number;
  /** Folder for temp body files (default: the OS temp folder, looked up only when a body spills). */
  tempDir: string | null;
}

/**
 * True when a body announced as `contentLength` bytes with this Content-Encoding can be collected in
 * memory as it arrives: undecoded and within the preview (HTTP stops the sender at the announced length).
 */
export function collectsWhole(contentEncoding: string | undefined, contentLength: number | null, limits: BodyLimits): boolean {
  return !contentEncoding && contentLength !== null && contentLength <= Math.min(limits.previewBytes, limits.maxBodyBytes, limits.maxDecodedBytes);
}

/** Default limits: 50 MiB in memory, 1 MiB preview, 1 GiB decoded, OS temp folder. */
export function defaultBodyLimits(): BodyLimits {
  return { maxBodyBytes: 50 * 1024 * 1024, previewBytes: 1024 * 1024, maxDecodedBytes: 1024 * 1024 * 1024, tempDir: null };
}

/** The decoded body grew past `maxDecodedBytes`. */
export class DecodedSizeError extends Error {
  override name = 'DecodedSizeError';
}

/** Content codings we decode, outermost last as in the header (`gzip, br` = br applied last). */
function codings(header: string | undefined): string[] | null {
  if (!header) return [];
  const list = header.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s !== 'identity');
  return list.every((c) => c === 'gzip' || c === 'x-gzip' || c === 'br' || c === 'deflate') ? list : null;
}

/** A deflate stream that accepts both zlib-wrapped (RFC 1950) and raw (RFC 1951) data, as servers send either. */
async function* inflateEither(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = first.value;
  const wrapped = head.length >= 2 && (head[0] & 0x0f) === 8 && ((head[0] << 8) | head[1]) % 31 === 0;
  const z = wrapped ? zlib.createInflate() : zlib.createInflateRaw();
  const rest = (async function* () {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  yield* Readable.from(rest).pipe(z) as AsyncIterable<Buffer>;
}

function decodeStream(src: AsyncIterable<Buffer>, list: string[]): AsyncIterable<Buffer> {
  let s: AsyncIterable<Buffer> = src;
  for (const c of [...list].reverse()) {
    if (c === 'deflate') {
      s = inflateEither(s);
      continue;
    }
    const z = c === 'br' ? zlib.createBrotliDecompress() : zlib.createGunzip();
    const input = Readable.from(s);
    input.on('error', (e) => z.destroy(e));
    s = input.pipe(z) as AsyncIterable<Buffer>;
  }
  return s;
}

/** Collects decoded bytes: memory up to a limit, then a temp file; always keeps a preview. */
class Sink {
  chunks: Buffer[] = [];
  size = 0;
  preview: Buffer[] = [];
  previewSize = 0;
  file: string | null = null;
  private out: WriteStream | null = null;

  constructor(private readonly limits: BodyLimits) {}

  async write(chunk: Buffer): Promise<void> {
    this.size += chunk.length;
    if (this.previewSize < this.limits.previewBytes) {
      const part = chunk.subarray(0, this.limits.previewBytes - this.previewSize);
      this.preview.push(part);
      this.previewSize += part.length;
    }
    if (!this.out && this.size <= this.limits.maxBodyBytes) {
      this.chunks.push(chunk);
      return;
    }
    if (!this.out) {
      this.file = join(this.limits.tempDir ?? tmpdir(), `reqlint-body-${Date.now()}-${randomBytes(6).toString('hex')}`);
      this.out = createWriteStream(this.file, { mode: 0o600 });
      const held = this.chunks;
      this.chunks = [];
      for (const c of held) if (!this.out.write(c)) await once(this.out, 'drain');
    }
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async finish(): Promise<void> {
    if (!this.out) return;
    const out = this.out;
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }

  abandon(): Promise<void> {
    if (this.out) {
      this.out.destroy();
      this.out = null;
    }
    return Promise.resolve();
  }
}

/**
 * Reads a response body stream into a `ResponseBody`: decodes gzip/br/deflate (unknown codings are
 * kept as is), stops at `maxDecodedBytes`, spills to a temp file past `maxBodyBytes`. A broken
 * connection or a bad compressed stream is reported in `problem` with the bytes received so far;
 * an abort (the `signal`) is rethrown.
 */
export async function readBody(
  raw: AsyncIterable<Buffer> | CollectedBody,
  contentEncoding: string | undefined,
  limits: BodyLimits,
  onProgress?: (bytes: number) => void,
): Promise<{ body: ResponseBody; error: unknown }> {
  let encodedSize = 0;
  const list = codings(contentEncoding);
  const decoding = list && list.length ? list : null;
  const unknownCoding = list === null && contentEncoding ? `Content-Encoding '${contentEncoding}' is not one reqlint decodes; the body is kept as received.` : null;
  // Most API answers are a few hundred undecoded bytes with a Content-Length, collected as they came
  // (see `collectsWhole`): no async iterator, sink or temp-file logic, which large, compressed or
  // unannounced bodies need.
  if (isCollected(raw)) {
    const got = await raw.done;
    if (got.size) onProgress?.(got.size);
    const bytes = concat(got.chunks, got.size);
    const body: ResponseBody = { bytes, file: null, size: got.size, encodedSize: got.size, preview: bytes, decoded: null, problem: got.error ? describeBodyError(got.error, null) : unknownCoding };
    return { body, error: got.error };
  }
  // Undecoded bodies (the common case) are read directly: one async layer fewer per chunk.
  const source: AsyncIterable<Buffer> = decoding
    ? decodeStream(
        (async function* () {
          for await (const chunk of raw) {
            encodedSize += chunk.length;
            onProgress?.(encodedSize);
            yield chunk;
          }
        })(),
        decoding,
      )
    : raw;
  const sink = new Sink(limits);
  let problem: string | null = null;
  let error: unknown = null;
  try {
    for await (const chunk of source) {
      if (!decoding) {
        encodedSize += chunk.length;
        onProgress?.(encodedSize);
      }
      if (sink.size + chunk.length > limits.maxDecodedBytes) {
        throw new DecodedSizeError(`the decoded body passed ${limits.maxDecodedBytes} bytes and was cut off there (a compression bomb guard); if the body is genuine, raise "send": { "maxDecodedBytes": … } in reqlint.config.json.`);
      }
      await sink.write(chunk);
    }
  } catch (err) {
    error = err;
    problem = describeBodyError(err, decoding);
    // Decoding pipes the wire stream through zlib, and a pipe does not pass a stop upstream: end the
    // exchange here, or a body left half read would hold its connection (and the command) forever.
    if (raw instanceof Readable && !raw.destroyed) raw.destroy();
  }
  try {
    await sink.finish();
  } catch (err) {
    await sink.abandon();
    problem = problem ?? `could not write the body to ${sink.file}: ${(err as Error).message}`;
  }
  const body: ResponseBody = {
    bytes: sink.file ? null : concat(sink.chunks, sink.size),
    file: sink.file,
    size: sink.size,
    encodedSize,
    preview: concat(sink.preview, sink.previewSize),
    decoded: decoding ? decoding.join(', ') : null,
    problem: problem ?? unknownCoding,
  };
  return { body, error };
}

function concat(chunks: Buffer[], size: number): Uint8Array {
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

function describeBodyError(err: unknown, decoding: string[] | null): string {
  if (err instanceof DecodedSizeError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (decoding && typeof e?.code === 'string' && e.code.startsWith('Z_')) {
    return `the body says Content-Encoding: ${decoding.join(', ')} but is not valid ${decoding.join(', ')} data (${e.message}); what decoded before the error is kept.`;
  }
  if (e?.code === 'ERR__ERROR_FORMAT_PADDING_1' || /brotli|Decompression failed/i.test(e?.message ?? '')) {
    return `the body is not valid ${decoding?.join(', ') ?? ''} data (${e.message}); what decoded before the error is kept.`;
  }
  return `the connection broke off during the body (${e?.code ?? e?.message ?? String(err)}); the body is incomplete.`;
}

/** Deletes a body's temp file, if it has one; safe to call twice. */
export async function discardBody(body: ResponseBody | null | undefined): Promise<void> {
  if (body?.file) await fsp.rm(body.file, { force: true });
}

/** Decodes a body (or its preview when it lives in a file) as UTF-8 text for display. */
export function bodyText(body: ResponseBody | null, max = Infinity): string {
  if (!body) return '';
  const bytes = body.bytes ?? body.preview;
  const slice = bytes.length > max ? bytes.subarray(0, max) : bytes;
  return Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('utf8');
}
