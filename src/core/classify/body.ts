/** The most body bytes the classifier examines (1 MiB); anything beyond is ignored. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A response body reduced to what the classifier reads. */
export interface BodyText {
  /** Decoded text of at most `MAX_BODY_BYTES` bytes; '' for an empty or binary body. */
  text: string;
  /** Bytes examined (after truncation). */
  bytes: number;
  truncated: boolean;
  binary: boolean;
  /** True when the bytes were not valid in the declared (or assumed UTF-8) encoding. */
  invalidEncoding: boolean;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Decodes the first MiB of a body; never throws. `contentType` picks a declared charset and flags binary media types. */
export function readBody(body: Uint8Array | string | null | undefined, contentType: string, alreadyTruncated = false): BodyText {
  if (body === null || body === undefined) return { text: '', bytes: 0, truncated: alreadyTruncated, binary: false, invalidEncoding: false };
  if (typeof body === 'string') {
    // Strings are measured in UTF-16 units; a MiB of them is plenty and keeps slicing cheap.
    const truncated = alreadyTruncated || body.length > MAX_BODY_BYTES;
    const text = body.length > MAX_BODY_BYTES ? body.slice(0, MAX_BODY_BYTES) : body;
    return { text: stripBom(text), bytes: text.length, truncated, binary: hasNul(text), invalidEncoding: false };
  }
  const truncated = alreadyTruncated || body.byteLength > MAX_BODY_BYTES;
  const bytes = body.byteLength > MAX_BODY_BYTES ? body.subarray(0, MAX_BODY_BYTES) : body;
  if (bytes.byteLength === 0) return { text: '', bytes: 0, truncated, binary: false, invalidEncoding: false };
  if (isBinaryMedia(contentType) || looksBinary(bytes)) {
    return { text: '', bytes: bytes.byteLength, truncated, binary: true, invalidEncoding: false };
  }
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    try {
      return { text: new TextDecoder(charset).decode(bytes), bytes: bytes.byteLength, truncated, binary: false, invalidEncoding: false };
    } catch {
      // Unknown charset name: fall through to UTF-8.
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes, truncated);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes, truncated);
  try {
    return { text: utf8Fatal.decode(bytes), bytes: bytes.byteLength, truncated, binary: false, invalidEncoding: false };
  } catch {
    // A cut in the middle of a multi-byte character is expected when truncated; otherwise the body is broken.
    const text = utf8Lenient.decode(bytes);
    const onlyTailBroken = truncated && !text.slice(0, -3).includes('\uFFFD');
    return { text, bytes: bytes.byteLength, truncated, binary: false, invalidEncoding: !onlyTailBroken };
  }
}

function decodeWith(enc: string, bytes: Uint8Array, truncated: boolean): BodyText {
  try {
    return { text: new TextDecoder(enc).decode(bytes), bytes: bytes.byteLength, truncated, binary: false, invalidEncoding: false };
  } catch {
    return { text: utf8Lenient.decode(bytes), bytes: bytes.byteLength, truncated, binary: false, invalidEncoding: true };
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function hasNul(s: string): boolean {
  const n = Math.min(s.length, 1024);
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) === 0) return true;
  return false;
}

function isBinaryMedia(ct: string): boolean {
  return /^\s*(image|audio|video|font)\//i.test(ct) || /^\s*application\/(octet-stream|pdf|zip|gzip|x-protobuf|protobuf|grpc|msgpack|x-msgpack|wasm)\b/i.test(ct);
}

// Binary when the first KiB holds a NUL byte or mostly control characters (UTF-16 BOMs are text).
function looksBinary(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  const n = Math.min(bytes.byteLength, 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  }
  return control > n * 0.1;
}
