// Reads XML error documents: S3-style `<Error><Code>…`, the query APIs' `<ErrorResponse>`,
// `<Response><Errors><Error>` and storage services' `<Error>` whose message carries the request id.
// Only the first 64 KiB are looked at and every scan is indexOf-based, so a hostile body costs
// linear time.

/** What an XML error document says; null fields were absent. */
export interface XmlError {
  /** Root element name (`Error`, `ErrorResponse`, `Response`). */
  root: string;
  code: string | null;
  message: string | null;
  requestId: string | null;
  /** The `<Type>` element (`Sender`/`Receiver`): a class of error, never the code. */
  type: string | null;
  resource: string | null;
}

const MAX_XML = 65536;
const ERROR_ROOTS = new Set(['error', 'errorresponse', 'response', 'errors']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s
    .replace(/<!\[CDATA\[([^\]]*)\]\]>/g, '$1')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (m, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** The name of the document's root element (after the declaration, comments and a doctype), or null. */
export function xmlRootName(text: string): string | null {
  let i = 0;
  const n = Math.min(text.length, MAX_XML);
  for (let guard = 0; guard < 64 && i < n; guard++) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= n) return null;
    const next = text[lt + 1];
    if (next === '?' || next === '!') {
      const end = text.indexOf(next === '!' && text.startsWith('<!--', lt) ? '-->' : '>', lt + 2);
      if (end < 0) return null;
      i = end + 1;
      continue;
    }
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
    return m ? m[1] : null;
  }
  return null;
}

// Text of the first element named `name` (any namespace prefix), case-sensitive as XML is.
function elementText(doc: string, names: readonly string[]): string | null {
  for (const name of names) {
    let from = 0;
    for (let guard = 0; guard < 256; guard++) {
      const open = doc.indexOf(name, from);
      if (open < 0) break;
      from = open + name.length;
      const before = doc[open - 1];
      const after = doc[open + name.length];
      // `<Code>`, `<Code attr="…">`, `<ns:Code>`; not `<CodeX>` nor text that happens to say "Code".
      if (!(before === '<' || (before === ':' && doc.lastIndexOf('<', open) > doc.lastIndexOf('>', open - 1))) || (after !== '>' && after !== ' ' && after !== '/')) continue;
      const gt = doc.indexOf('>', open);
      if (gt < 0) return null;
      if (doc[gt - 1] === '/') return null;
      const close = doc.indexOf('</', gt);
      if (close < 0) return null;
      const t = decode(doc.slice(gt + 1, Math.min(close, gt + 4001))).trim();
      return t === '' ? null : t;
    }
  }
  return null;
}

/**
 * Reads an XML error document, or returns null when the text is not one (a root other than
 * `Error`, `ErrorResponse`, `Errors` or a `Response` holding `<Errors>`, or neither a code nor a message).
 */
export function readXmlError(text: string): XmlError | null {
  const doc = text.length > MAX_XML ? text.slice(0, MAX_XML) : text;
  const root = xmlRootName(doc);
  if (!root) return null;
  const local = root.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
  if (!ERROR_ROOTS.has(local.toLowerCase())) return null;
  if (local === 'Response' && !doc.includes('<Errors')) return null;
  const code = elementText(doc, ['Code', 'code', 'ErrorCode']);
  let message = elementText(doc, ['Message', 'message', 'ErrorMessage']);
  let requestId = elementText(doc, ['RequestId', 'RequestID', 'requestId', 'x-ms-request-id']);
  // Azure Storage puts "RequestId:… Time:…" lines inside <Message>.
  if (message) {
    const m = /\r?\n\s*RequestId:\s*([\w-]+)/.exec(message);
    if (m) {
      requestId ??= m[1];
      message = message.slice(0, m.index).trim();
    }
  }
  if (!code && !message) return null;
  return {
    root: local,
    code,
    message,
    requestId,
    type: elementText(doc, ['Type']),
    resource: elementText(doc, ['Resource', 'Key', 'BucketName']),
  };
}
