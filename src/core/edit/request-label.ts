// How Reqlint names a request to people (`requestLabel`) and in machine output (`requestRef`).
import type { HttpRequest } from '../http/ast';

const MAX_LABEL = 80;

/**
 * The name people see for a request: its `# @name`, else its `###` title, else method and path
 * (`GET /users/{{id}}`: scheme, host and a leading `{{baseUrl}}` dropped, query and fragment cut),
 * at most 80 characters.
 */
export function requestLabel(req: HttpRequest): string {
  const label = req.name || req.title || `${req.method.value} ${pathOf(req.url.value)}`.trimEnd();
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

/** The request as machine output names it (the `request` field of the CLI's JSON): its `# @name`, else its 1-based index in the file. */
export function requestRef(req: HttpRequest): string | number {
  return req.name ?? req.index + 1;
}

function pathOf(url: string): string {
  const u = url.trim();
  let rest = u;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(u);
  if (scheme) rest = u.slice(scheme[0].length);
  else {
    // `{{baseUrl}}/users`: the leading variable stands for scheme and host.
    const base = /^\{\{[^}]*\}\}(?=\/)/.exec(u);
    if (base) rest = u.slice(base[0].length);
  }
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  return rest || '/';
}
