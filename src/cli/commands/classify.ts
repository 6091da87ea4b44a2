import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { classifyResponse } from '../../core/classify/classify';
import { classifierProfileFrom } from '../../core/classify/from-profile';
import { findConfigFile, loadConfigFile } from '../../core/config/load';
import { ConfigError, defaultConfig, type ProjectConfig } from '../../core/config/types';
import { formatProblem, readProfiles } from '../../core/profiles/load';
import { matchProfile } from '../../core/profiles/match';
import { MAX_BODY_BYTES } from '../../core/classify/body';
import { KNOWN_APIS, profileById, profileForUrl, retryPolicyFor } from '../../core/classify/known-apis';
import type { Classification, ClassifierProfile } from '../../core/classify/types';
import { maxRetriesFor } from '../../core/retry/policy';
import { formatDuration } from '../../core/text/format';
import { UsageError } from '../usage';

const HELP = `reqlint classify — explain an HTTP answer: category, whether and when to retry, field errors, advice

Usage:
  reqlint classify --status N [--header "Name: value"]... [--body FILE|-] [--url URL] [--format text|json]

Options:
  --status N          HTTP status of the answer (100–599), required
  --header "N: V"     a response header; repeat for several (Retry-After, Content-Type, X-Request-Id, Location…)
  --body FILE|-       the response body from a file, or "-" for standard input (only the first MiB is read)
  --url URL           the request URL; picks the API profile and so its documented retry policy
  --profile ID        use this profile instead of matching the URL (${Object.keys(KNOWN_APIS).join(', ')}, or one of the config's)
  --config FILE       reqlint.config.json to read base URLs and extra profiles from (default: found upward from here)
  --method M          the request method, for the record
  --format text|json  output format (default text); json is indented on a terminal, compact
                      when piped

Exit codes: 0 classification done (whatever the category), 2 bad usage.`;

/** `reqlint classify`: classifies one answer given on the command line; 0 when classified, throws UsageError (exit 2) on bad usage. */
export async function run(argv: string[]): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        status: { type: 'string' },
        header: { type: 'string', multiple: true, short: 'H' },
        body: { type: 'string' },
        url: { type: 'string' },
        profile: { type: 'string' },
        config: { type: 'string' },
        method: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\nRun 'reqlint classify --help' for the options.`);
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'. Give the body with --body FILE (or --body - for standard input).`);
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${format}'.`);
  const statusText = values.status as string | undefined;
  if (statusText === undefined) throw new UsageError('--status is required: the HTTP status of the answer, e.g. --status 429.');
  if (!/^\d{3}$/.test(statusText.trim()) || Number(statusText) < 100 || Number(statusText) > 599) {
    throw new UsageError(`--status '${statusText}' is not an HTTP status; give a number from 100 to 599, e.g. --status 422.`);
  }
  const status = Number(statusText);
  const headers = ((values.header as string[] | undefined) ?? []).map(parseHeader);
  const url = values.url as string | undefined;
  if (url !== undefined) {
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--url '${url}' is not an absolute URL; give one like https://api.qrstudio.agency/api/v1/generate/.`);
    }
  }
  const profileId = values.profile as string | undefined;
  const profile = url !== undefined || profileId !== undefined ? pickProfile(url, profileId, values.config as string | undefined) : null;
  const bodyArg = values.body as string | undefined;
  const body = bodyArg === undefined ? null : bodyArg === '-' ? await readStdinHead() : readFileHead(bodyArg);

  const c = classifyResponse({
    status,
    headers,
    body: body?.bytes ?? null,
    bodyTruncated: body?.truncated ?? false,
    request: url || values.method ? { url, method: values.method as string | undefined } : null,
    profile,
  });
  // JSON is indented for a person at a terminal and compact for a pipe or a file, as `lint` and `send` do.
  process.stdout.write(format === 'json' ? JSON.stringify(toJson(c), null, process.stdout.isTTY === true ? 2 : undefined) + '\n' : toText(c, profile ?? null));
  return 0;
}

// The project's config (base URLs for APIs whose pages name no host) and profiles decide, as for `send`;
// the built-in classification table is the fallback.
function pickProfile(url: string | undefined, id: string | undefined, configPath: string | undefined): ClassifierProfile | null {
  let config: ProjectConfig;
  try {
    const found = configPath ?? findConfigFile(process.cwd());
    config = found ? loadConfigFile(found) : defaultConfig(process.cwd());
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const { profiles, problems } = readProfiles({ profiles: config.profiles });
  for (const p of problems) process.stderr.write(`reqlint classify: warning: ${formatProblem(p)} (profile left out)\n`);
  if (id !== undefined) {
    const p = profiles.find((x) => x.id === id);
    if (p) return classifierProfileFrom(p);
    const builtin = profileById(id);
    if (builtin) return builtin;
    const ids = [...new Set([...profiles.map((x) => x.id), ...Object.keys(KNOWN_APIS)])];
    throw new UsageError(`--profile '${id}' is not a known profile; use one of ${ids.join(', ')}.`);
  }
  if (url === undefined) return null;
  const m = matchProfile(url, profiles, config);
  if (m) return classifierProfileFrom(m.profile);
  const configured = Object.entries(config.baseUrls).flatMap(([profile, urls]) => urls.map((baseUrl) => ({ profile, baseUrl })));
  return profileForUrl(url, configured);
}

function parseHeader(raw: string): [string, string] {
  const i = raw.indexOf(':');
  if (i <= 0) throw new UsageError(`--header '${raw}' is not "Name: value"; write it like --header "Retry-After: 12".`);
  const name = raw.slice(0, i).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header '${raw}': '${name}' is not a valid header name (letters, digits and - only).`);
  return [name, raw.slice(i + 1).trim()];
}

interface BodyHead {
  bytes: Uint8Array;
  truncated: boolean;
}

// Reads at most one MiB (plus one byte, to know whether there is more) of a file.
function readFileHead(path: string): BodyHead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new UsageError(`cannot read the body file '${path}': ${why}. Give an existing file, or --body - for standard input.`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new UsageError(`cannot read the body file '${path}': it is a folder. Give a file, or --body - for standard input.`);
    const buf = Buffer.allocUnsafe(MAX_BODY_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n >= buf.length) break;
    }
    return { bytes: buf.subarray(0, Math.min(n, MAX_BODY_BYTES)), truncated: n > MAX_BODY_BYTES };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read the body file '${path}': ${(err as Error).message}.`);
  } finally {
    closeSync(fd);
  }
}

// Keeps the first MiB of standard input and drains the rest without holding it, so a huge pipe neither
// fills memory nor breaks the writer with EPIPE.
async function readStdinHead(): Promise<BodyHead> {
  const head = Buffer.allocUnsafe(MAX_BODY_BYTES);
  let n = 0;
  let truncated = false;
  for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (n < MAX_BODY_BYTES) {
      const take = Math.min(b.length, MAX_BODY_BYTES - n);
      b.copy(head, n, 0, take);
      n += take;
      if (take < b.length) truncated = true;
    } else if (b.length) {
      truncated = true;
    }
  }
  return { bytes: head.subarray(0, n), truncated };
}

/** The contract's JSON (cli-contract.md "classify") followed by the extra fields. */
function toJson(c: Classification): Record<string, unknown> {
  return {
    category: c.category,
    retryable: c.retryable,
    retryAfterMs: c.retryAfterMs,
    code: c.code,
    message: c.message,
    fieldErrors: c.fieldErrors,
    itemErrors: c.itemErrors,
    requestId: c.requestId,
    profile: c.profile,
    advice: c.advice,
    status: c.status,
    shape: c.shape,
    retryAfterSource: c.retryAfterSource,
    location: c.location,
    docs: c.docs,
    docsSection: c.docsSection,
    notes: c.notes,
  };
}

function toText(c: Classification, profile: ClassifierProfile | null): string {
  const lines: string[] = [];
  const where = [c.status !== null ? `HTTP ${c.status}` : null, profile ? `profile ${profile.id}` : 'no profile'].filter(Boolean).join(', ');
  lines.push(`${c.category}  (${where})`);
  lines.push(`  message:    ${c.message}`);
  if (c.code) lines.push(`  code:       ${c.code}`);
  let retry: string;
  if (!c.retryable) retry = 'no';
  else if (c.retryAfterMs !== null) retry = `yes, after ${formatDuration(c.retryAfterMs)} (${c.retryAfterSource === 'header' ? 'Retry-After' : c.retryAfterSource === 'body' ? 'from the body' : 'RateLimit-Reset'})`;
  else if (c.category === 'rate-limited' && retryPolicyFor(profile).rateLimitFallbackMs !== null) retry = `yes, after ${formatDuration(retryPolicyFor(profile).rateLimitFallbackMs ?? 0)} (the documented default)`;
  else {
    const n = maxRetriesFor(retryPolicyFor(profile), c.status);
    retry = `yes, with exponential backoff (at most ${n} ${n === 1 ? 'retry' : 'retries'})`;
  }
  lines.push(`  retry:      ${retry}`);
  if (c.requestId) lines.push(`  request id: ${c.requestId}`);
  if (c.location) lines.push(`  location:   ${c.location}`);
  if (c.fieldErrors.length) {
    lines.push('  field errors:');
    for (const f of c.fieldErrors) lines.push(`    ${f.pointer === '' ? '(body)' : f.pointer}${f.location && f.location !== 'body' ? ` [${f.location}]` : ''}  ${f.message}`);
  }
  if (c.itemErrors.length) {
    lines.push('  item errors:');
    for (const e of c.itemErrors) lines.push(`    [${e.index}]${e.pointer ? ` ${e.pointer}` : ''}  ${e.message}`);
  }
  lines.push(`  advice:     ${c.advice}`);
  if (c.docs) lines.push(`  docs:       ${c.docs}`);
  else if (c.docsSection && profile) lines.push(`  docs:       "${c.docsSection}" in the ${profile.name} documentation`);
  for (const n of c.notes) lines.push(`  note:       ${n}`);
  return lines.join('\n') + '\n';
}
