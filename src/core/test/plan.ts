import type { HttpFile } from '../http/ast';
import { findHoles } from '../http/holes';
import { chainTarget } from '../vars/chain';

/**
 * Planning a suite: which files depend on which by request name (a `{{login.response…}}` in one
 * file naming a request of another), the groups that must run in one line because of it, and the
 * deterministic K-th of N shards. Pure: no I/O, no clock.
 */

/** One file of the suite as the planner sees it. */
export interface PlannedFile {
  /** Absolute path; also the sort key (groups and shards are deterministic in it). */
  path: string;
  file: HttpFile;
}

/** Files that run one after another (dependencies first) and share named answers. */
export interface FileGroup {
  files: PlannedFile[];
  /** Requests in the group (the shard balancer's weight). */
  requests: number;
}

/** Request names a file defines: `# @name` and one-word `### titles` (as the resolver reads them). */
export function definedNames(file: HttpFile): Set<string> {
  const out = new Set<string>();
  for (const r of file.requests) {
    if (r.name) out.add(r.name);
    if (r.title && /^[\w-]+$/.test(r.title)) out.add(r.title);
  }
  return out;
}

/** Request names a file's `{{name.response…}}` / `{{name.request…}}` references read (URL, headers, body, `??` values). */
export function referencedNames(file: HttpFile): Set<string> {
  const out = new Set<string>();
  for (const r of file.requests) {
    for (const v of r.variables) {
      const t = chainTarget(v.expr);
      if (t) out.add(t);
    }
    for (const a of r.assertions) {
      if (!a.expected?.value.includes('{{')) continue;
      for (const h of findHoles(a.expected.value)) {
        const t = chainTarget(h.expr);
        if (t) out.add(t);
      }
    }
  }
  return out;
}

/**
 * Splits files into groups: files linked by a name one defines and another reads (and does not
 * define itself) share a group, ordered so a defining file runs before the files reading it (path
 * order where there is no dependency, and inside a cycle). Groups come in path order of their first file.
 */
export function groupFiles(files: readonly PlannedFile[]): FileGroup[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const n = sorted.length;
  const definers = new Map<string, number[]>();
  const defined = sorted.map((f) => definedNames(f.file));
  defined.forEach((names, i) => {
    for (const name of names) {
      const list = definers.get(name);
      if (list) list.push(i);
      else definers.set(name, [i]);
    }
  });
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const deps: number[][] = sorted.map(() => []);
  sorted.forEach((f, i) => {
    for (const name of referencedNames(f.file)) {
      if (defined[i].has(name)) continue;
      for (const j of definers.get(name) ?? []) {
        if (j === i) continue;
        deps[i].push(j);
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  }
  const groups: FileGroup[] = [];
  for (const idx of [...members.values()].sort((a, b) => a[0] - b[0])) {
    // Depth-first in path order, dependencies first; a file already on the way (a cycle) is not waited for.
    const order: number[] = [];
    const state = new Map<number, 'visiting' | 'done'>();
    const visit = (i: number): void => {
      if (state.has(i)) return;
      state.set(i, 'visiting');
      for (const j of [...deps[i]].sort((a, b) => a - b)) visit(j);
      state.set(i, 'done');
      order.push(i);
    };
    for (const i of idx) visit(i);
    const groupFiles = order.map((i) => sorted[i]);
    groups.push({ files: groupFiles, requests: groupFiles.reduce((s, f) => s + f.file.requests.length, 0) });
  }
  return groups;
}

/**
 * The groups of shard `index` (1-based) of `total`: groups are dealt, heaviest first (ties in path
 * order), to the shard with the fewest requests so far (ties to the lowest shard). Every machine of a
 * CI matrix computes the same split from the same files, and the shards together hold every group once.
 */
export function shardGroups(groups: readonly FileGroup[], index: number, total: number): FileGroup[] {
  if (total <= 1) return [...groups];
  const order = groups.map((g, i) => ({ g, i })).sort((a, b) => b.g.requests - a.g.requests || a.i - b.i);
  const load = new Array<number>(total).fill(0);
  const owner = new Map<number, number>();
  for (const { g, i } of order) {
    let best = 0;
    for (let s = 1; s < total; s++) if (load[s] < load[best]) best = s;
    // A group without requests still belongs somewhere: count it as one so empty files spread too.
    load[best] += Math.max(1, g.requests);
    owner.set(i, best + 1);
  }
  return groups.filter((_, i) => owner.get(i) === index);
}
