import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Largest .gitignore read (bytes); a bigger one is not read (nothing it says is applied). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * Answers "does git ignore this file?" from the `.gitignore` files between the file and the root of
 * its repository (the nearest folder holding `.git`), as git reads them: a deeper file's patterns
 * are relative to its own folder. Files outside any repository use the `.gitignore` files up to `stopAt`.
 */
export class GitIgnore {
  private readonly perDir = new Map<string, Ignore | null>();
  private readonly rootOf = new Map<string, string>();

  constructor(private readonly stopAt: string) {}

  /** True when a `.gitignore` above `absFile` ignores it. */
  ignores(absFile: string): boolean {
    const root = this.repoRoot(dirname(absFile));
    // Check from the root down: git does not look inside an ignored folder at all.
    const chain: string[] = [];
    for (let d = dirname(absFile); ; d = dirname(d)) {
      chain.unshift(d);
      if (d === root || dirname(d) === d) break;
    }
    for (const dir of chain) {
      const ig = this.load(dir);
      if (!ig) continue;
      const rel = relative(dir, absFile).split(sep).join('/');
      if (rel && !rel.startsWith('..') && ig.ignores(rel)) return true;
    }
    return false;
  }

  private repoRoot(dir: string): string {
    const cached = this.rootOf.get(dir);
    if (cached) return cached;
    let root = this.stopAt;
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, '.git'))) {
        root = d;
        break;
      }
      if (dirname(d) === d) break;
    }
    this.rootOf.set(dir, root);
    return root;
  }

  private load(dir: string): Ignore | null {
    if (this.perDir.has(dir)) return this.perDir.get(dir)!;
    let ig: Ignore | null = null;
    const file = join(dir, '.gitignore');
    try {
      if (statSync(file).isFile() && statSync(file).size <= MAX_GITIGNORE_BYTES) ig = ignore().add(readFileSync(file, 'utf8'));
    } catch {
      ig = null;
    }
    this.perDir.set(dir, ig);
    return ig;
  }
}
