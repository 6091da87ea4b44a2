import { createReadStream, promises as fsp } from 'node:fs';
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

async function sizeOf(path: string): Promise<number> {
  try {
    const st = await fsp.stat(path);
    if (!st.isFile()) throw new BodyFileError(`body file ${path} is not a regular file.`);
    return st.size;
  } catch (err) {
    if (err instanceof BodyFileError) throw err;
    throw new BodyFileError(`cannot read body file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the path after '<' (relative paths start at the .http file's folder).`);
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
      const length = await sizeOf(src.path);
      return { body: createReadStream(src.path), length };
    }
    case 'segments': {
      let length = 0;
      const pieces: Array<Buffer | string> = [];
      for (const seg of src.segments) {
        if ('text' in seg) {
          const b = Buffer.from(seg.text, 'utf8');
          length += b.length;
          pieces.push(b);
        } else {
          length += await sizeOf(seg.path);
          pieces.push(seg.path);
        }
      }
      if (pieces.every((p) => Buffer.isBuffer(p))) {
        const b = Buffer.concat(pieces);
        return { body: b, length };
      }
      return { body: Readable.from(segmentStream(pieces)), length };
    }
  }
}

async function* segmentStream(pieces: Array<Buffer | string>): AsyncGenerator<Buffer> {
  for (const p of pieces) {
    if (Buffer.isBuffer(p)) {
      yield p;
      continue;
    }
    for await (const chunk of createReadStream(p)) yield chunk as Buffer;
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
