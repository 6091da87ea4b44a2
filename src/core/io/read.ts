import { closeSync, constants, fstatSync, openSync, readSync, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { DEFAULT_READ_LIMITS, formatCap, LIMIT_KEYS, type ReadLimits } from './limits';

/** Why a file was not read: it does not exist, is not a regular file (folder, FIFO, device, socket), is over its cap, or the OS refused. */
export type ReadRefusal = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

/** A file Reqlint refused or failed to read; `message` names the file, the reason and (for a cap) the cap and the key that sets it. */
export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    /** The path as given. */
    readonly file: string,
    readonly reason: ReadRefusal,
    /** What is wrong, without the file name, e.g. `is a named pipe, not a regular file` or `is 9000000 bytes, over the 5 MiB cap (limits.envBytes in reqlint.config.json)`. */
    readonly detail: string,
    /** The file kind, e.g. `environment file`. */
    readonly what: string,
    /** The cap in bytes, for `too-large`. */
    readonly cap?: number,
  ) {
    super(`${file}: ${reason === 'missing' || reason === 'unreadable' ? '' : 'not read: '}the ${what} ${detail}.`);
  }
}

/** What a read is for: picks the cap from {@link ReadLimits} and names the file kind in messages. */
export interface ReadPurpose {
  /** Which cap applies. */
  limit: keyof ReadLimits;
  /** The file kind in messages, e.g. "environment file". */
  what: string;
}

// O_NONBLOCK lets open() return at once on a FIFO with no writer; fstat then refuses it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(file: string, purpose: ReadPurpose, cap: number, size: number | null): FileReadError {
  const key = LIMIT_KEYS[purpose.limit];
  const where = key ? ` (${key} in reqlint.config.json)` : '';
  return new FileReadError(file, 'too-large', `is ${size === null ? 'larger than' : `${size} bytes, over`} the ${formatCap(cap)} cap${where}`, purpose.what, cap);
}

function notRegular(file: string, what: string, st: Parameters<typeof kindOf>[0]): FileReadError {
  return new FileReadError(file, 'not-regular', `is ${kindOf(st)}, not a regular file`, what);
}

function errnoError(file: string, purpose: ReadPurpose, err: unknown): FileReadError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return new FileReadError(file, 'missing', 'does not exist', purpose.what);
  if (e.code === 'EISDIR') return new FileReadError(file, 'not-regular', 'is a folder, not a regular file', purpose.what);
  const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : (e.code ?? e.message ?? String(err));
  return new FileReadError(file, 'unreadable', `cannot be read (${why})`, purpose.what);
}

/**
 * Reads a whole regular file, refusing folders, pipes, devices and sockets and anything over the
 * cap (checked before reading and again while reading, so a growing file cannot slip past).
 * Throws {@link FileReadError}.
 */
export function readFileCapped(file: string, purpose: ReadPurpose, limits: Partial<ReadLimits> = DEFAULT_READ_LIMITS): Buffer {
  const cap = limits[purpose.limit] ?? DEFAULT_READ_LIMITS[purpose.limit];
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (err) {
    throw errnoError(file, purpose, err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(file, purpose.what, st);
    if (st.size > cap) throw tooLarge(file, purpose, cap, st.size);
    const buf = Buffer.allocUnsafe(Math.min(cap + 1, Math.max(st.size + 1, 64 * 1024)));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > cap) throw tooLarge(file, purpose, cap, null);
        break;
      }
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw err;
      }
      if (got === 0) break;
      n += got;
    }
    if (n > cap) throw tooLarge(file, purpose, cap, null);
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw errnoError(file, purpose, err);
  } finally {
    closeSync(fd);
  }
}

/** {@link readFileCapped} decoded as UTF-8, a leading BOM dropped (as Windows editors write one). */
export function readTextCapped(file: string, purpose: ReadPurpose, limits?: Partial<ReadLimits>): string {
  const text = readFileCapped(file, purpose, limits).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Like {@link readTextCapped} but undefined when the file does not exist; other refusals still throw. */
export function readTextIfExists(file: string, purpose: ReadPurpose, limits?: Partial<ReadLimits>): string | undefined {
  try {
    return readTextCapped(file, purpose, limits);
  } catch (err) {
    if (err instanceof FileReadError && err.reason === 'missing') return undefined;
    throw err;
  }
}

/** A regular file opened for streaming: its size in bytes at open time and a stream over exactly those bytes (destroy it if unused). */
export interface OpenedFile {
  size: number;
  stream: Readable;
}

/**
 * Opens a regular file for streaming (uploads), refusing folders, pipes, devices and sockets, and files
 * over `cap` bytes when one is given. The stream reads no more than the size seen at open time.
 * Throws {@link FileReadError}.
 */
export async function openRegularFile(file: string, purpose: Pick<ReadPurpose, 'what'>, cap?: number): Promise<OpenedFile> {
  const p: ReadPurpose = { limit: 'bodyFileBytes', ...purpose };
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, OPEN_FLAGS);
  } catch (err) {
    throw errnoError(file, p, err);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw notRegular(file, p.what, st);
    if (cap !== undefined && st.size > cap) throw new FileReadError(file, 'too-large', `is ${st.size} bytes, over the ${formatCap(cap)} cap`, p.what, cap);
    if (st.size === 0) {
      await handle.close();
      return { size: 0, stream: Readable.from([]) };
    }
    // `end` is inclusive: the stream stops at the size announced in Content-Length even if the file grows.
    return { size: st.size, stream: handle.createReadStream({ start: 0, end: st.size - 1, autoClose: true }) };
  } catch (err) {
    await handle.close();
    if (err instanceof FileReadError) throw err;
    throw errnoError(file, p, err);
  }
}
