import { FileReadError, openRegularFile } from '../io/read';
import { Readable } from 'node:stream';
import type { BodySource } from './types';

/** A request body opened for one attempt: a stream or bytes and its exact length in bytes. */
export interface OpenedBody {
  body: Readable | Buffer | null;
  /** Byte length, known before sending so no chunked encoding is needed. */
  length: number;
}

/** A body file that cannot be read: the message names the file and what to do. */
export class BodyFileError extends Error {
  override name = 'BodyFileError';
}

/** Opens a body file for streaming; folders, pipes, devices and sockets are refused before any byte is sent. */
async function openFile(path: string): Promise<{ size: number; stream: Readable }> {
  try {
    return await openRegularFile(path, { what: 'body file' });
  } catch (err) {
    if (err instanceof FileReadError && err.reason === 'not-regular') throw new BodyFileError(`body file ${path} ${err.detail}.`);
    const why = err instanceof FileReadError ? (err.reason === 'missing' ? 'ENOENT' : err.detail) : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    throw new BodyFileError(`cannot read body file ${path}: ${why}. Check the path after '<' (relative paths start at the .http file's folder).`);
  }
}

/** Encodes form fields as `application/x-www-form-urlencoded` (spaces as `+`, like browsers). */
export function encodeForm(fields: Array<[string, string]>): string {
  return fields.map(([k, v]) => `${formEscape(k)}=${formEscape(v)}`).join('&');
}

function formEscape(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

/** A text body as UTF-8 bytes and their length. */
export function textBody(text: string): OpenedBody {
  const b = Buffer.from(text, 'utf8');
  return { body: b, length: b.length };
}

/**
 * Opens a body source for one attempt. Files are checked for size up front (so a missing file fails
 * before any byte is sent) and then streamed, never read whole.
 */
export async function openBody(src: BodySource): Promise<OpenedBody> {
  switch (src.kind) {
    case 'none':
      return { body: null, length: 0 };
    case 'text':
      return textBody(src.text);
    case 'bytes': {
      const b = Buffer.from(src.data.buffer, src.data.byteOffset, src.data.byteLength);
      return { body: b, length: b.length };
    }
    case 'form': {
      const b = Buffer.from(encodeForm(src.fields), 'utf8');
      return { body: b, length: b.length };
    }
    case 'file': {
      const f = await openFile(src.path);
      return { body: f.stream, length: f.size };
    }
    case 'segments': {
      let length = 0;
      const pieces: Array<Buffer | Readable> = [];
      for (const seg of src.segments) {
        if ('text' in seg) {
          const b = Buffer.from(seg.text, 'utf8');
          length += b.length;
          pieces.push(b);
        } else {
          let f: { size: number; stream: Readable };
          try {
            f = await openFile(seg.path);
          } catch (err) {
            for (const p of pieces) if (!Buffer.isBuffer(p)) p.destroy();
            throw err;
          }
          length += f.size;
          pieces.push(f.stream);
        }
      }
      if (pieces.every((p) => Buffer.isBuffer(p))) {
        const b = Buffer.concat(pieces);
        return { body: b, length };
      }
      const stream = Readable.from(segmentStream(pieces));
      // Destroyed before it was read (a length probe, an abort): close every opened file.
      stream.once('close', () => {
        for (const p of pieces) if (!Buffer.isBuffer(p)) p.destroy();
      });
      return { body: stream, length };
    }
  }
}

async function* segmentStream(pieces: Array<Buffer | Readable>): AsyncGenerator<Buffer> {
  try {
    for (const p of pieces) {
      if (Buffer.isBuffer(p)) {
        yield p;
        continue;
      }
      for await (const chunk of p) yield chunk as Buffer;
    }
  } finally {
    // An aborted send leaves later files unread: close them.
    for (const p of pieces) if (!Buffer.isBuffer(p)) p.destroy();
  }
}

/** Byte length of a body source without opening streams (files are stat'ed); null when a file is missing. */
export async function bodyLength(src: BodySource): Promise<number | null> {
  try {
    const opened = await openBody(src);
    if (opened.body instanceof Readable) opened.body.destroy();
    return opened.length;
  } catch {
    return null;
  }
}
