import { httpsEdit } from '../../fix/http-edit';
import { profileContext, profileDocs } from '../../profiles/context';
import { citation, hasHeaderLines, isCredentialHeader, isLoopbackHost } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/**
 * `transport/https-required`: plain `http://` to an API that refuses it (error), or any request
 * carrying a credential over `http://` to a host that is not loopback (warning).
 */
export const transportHttpsRequired: Rule = {
  id: 'transport/https-required',
  defaultSeverity: 'error',
  description: 'Plain http:// to an API that refuses it; a warning for any credentialed request over http:// to a non-loopback host.',
  docs: ruleDocsUrl('transport/https-required'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const pc = profileContext(ctx);
    const m = /^http:\/\/([^/?#\s]+)/i.exec(pc.url);
    if (!m || m[1].includes('{{')) return;
    const host = m[1].replace(/:\d+$/, '');
    // Plain HTTP to this machine (a local mock or proxy) never crosses a network and is not refused.
    if (isLoopbackHost(host)) return;
    const profile = pc.profile;
    const path = pc.match?.path ?? '';
    const fullPath = (/^http:\/\/[^/?#\s]+([^?#\s]*)/i.exec(pc.url)?.[1] ?? '') || '/';
    const refused = profile?.transport.httpsRequiredPathPrefixes.find((p) => fullPath.startsWith(p) || path.startsWith(p));
    const file = ctx.file!;
    const edit = httpsEdit(file, ctx.request);
    const fixes = edit ? [{ title: 'Switch to https://', kind: 'safe' as const, isPreferred: true, edits: [edit] }] : undefined;
    const range = ctx.request.url.range.start.line === ctx.request.url.range.end.line ? ctx.request.url.range : ctx.request.requestLine;
    if (profile && refused) {
      const status = profile.transport.httpsRefusalStatus;
      ctx.report({
        message: `${profile.title} refuses plain HTTP on ${refused}*${status ? ` (it answers ${status})` : ''}: use https://${citation(profile, profile.transport.docs)}.`,
        range,
        docs: profileDocs(profile, profile.transport.docs),
        fixes,
      });
      return;
    }
    const cred = ctx.request.headers.find((h) => isCredentialHeader(h.name.value, profile));
    if (!cred) return;
    ctx.report({
      message: `This request sends a credential ('${cred.name.value}') over plain http:// to ${host}: anyone on the path can read it. Use https://.`,
      range,
      severity: 'warning',
      fixes,
    });
  },
};
