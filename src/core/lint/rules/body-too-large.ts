import { statSync } from 'node:fs';
import type { MultipartPart } from '../../http/ast';
import { bodyFilePath, profileContext, profileDocs, readRefusal } from '../../profiles/context';
import { citation, reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

function partName(part: MultipartPart): string | null {
  for (const h of part.headers) {
    if (h.name.value.toLowerCase() !== 'content-disposition') continue;
    const m = /\bname\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(h.value.value);
    if (m) return m[1] ?? m[2];
  }
  return null;
}

/**
 * `body/too-large`: a part over a documented size: a field's serialized JSON (tracking `properties`
 * under 10 KB) or an uploaded file's size on disk (QR Studio `logo_file` at most 2,097,152 bytes).
 */
export const bodyTooLarge: Rule = {
  id: 'body/too-large',
  defaultSeverity: 'error',
  description: 'A part over a documented size (serialized JSON field, or an uploaded file on disk).',
  docs: ruleDocsUrl('body/too-large'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/too-large');
    const pc = profileContext(ctx);
    const files = pc.endpoint?.body?.files;
    const b = ctx.request.body;
    if (!files || b?.kind !== 'multipart') return;
    for (const part of b.parts) {
      const name = partName(part);
      const cap = name ? files[name] : undefined;
      if (!cap || !part.file) continue;
      let size: number;
      const path = bodyFilePath(ctx, part.file);
      // Not even a file's size is looked up outside the folder an untrusted workspace may read.
      if (readRefusal(ctx, path)) continue;
      try {
        size = statSync(path).size;
      } catch {
        continue; // A missing upload is reported where files are checked; size is unknown here.
      }
      if (size <= cap.maxBytes) continue;
      ctx.report({
        message: `'${name}' is ${size.toLocaleString('en-US')} bytes; the API takes at most ${cap.maxBytes.toLocaleString('en-US')} ("${cap.message}"). Optimise or scale the file down${citation(pc.profile, pc.endpoint?.docs)}.`,
        range: part.file.range,
        docs: profileDocs(pc.profile, pc.endpoint?.docs),
      });
    }
  },
};
