import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, Fix } from '../../src/core/findings';
import { applyTextEdits, fixFile, writeFileSafely, type FixIO } from '../../src/core/fix/apply';
import type { LintResult } from '../../src/core/lint/rule';
import type { TextEdit } from '../../src/core/text/position';

const at = (line: number, character: number) => ({ line, character });
const edit = (sl: number, sc: number, el: number, ec: number, newText: string): TextEdit => ({ range: { start: at(sl, sc), end: at(el, ec) }, newText });

describe('fix: applyTextEdits', () => {
  it('applies non-overlapping edits bottom-up so earlier ranges stay valid', () => {
    const r = applyTextEdits('abc\ndef\nghi', [edit(0, 0, 0, 1, 'AA'), edit(2, 1, 2, 2, 'H'), edit(1, 0, 1, 3, '')]);
    assert.equal(r.text, 'AAbc\n\ngHi');
    assert.equal(r.applied.length, 3);
    assert.equal(r.skipped.length, 0);
  });

  it('skips an edit overlapping an earlier one and counts identical duplicates once', () => {
    const r = applyTextEdits('0123456789', [edit(0, 2, 0, 5, 'x'), edit(0, 4, 0, 6, 'y'), edit(0, 2, 0, 5, 'x'), edit(0, 8, 0, 8, '!')]);
    assert.equal(r.text, '01x567!89');
    assert.deepEqual(r.skipped, [edit(0, 4, 0, 6, 'y')]);
  });

  it('treats two different insertions at one point as a conflict, and an insertion at a range edge as fine', () => {
    const r = applyTextEdits('abcdef', [edit(0, 3, 0, 3, 'X'), edit(0, 3, 0, 3, 'Y'), edit(0, 3, 0, 5, 'Z'), edit(0, 1, 0, 1, '<')]);
    assert.equal(r.text, 'a<bcXZf');
    assert.deepEqual(r.skipped, [edit(0, 3, 0, 3, 'Y')]);
  });

  it('handles CRLF texts and positions past a line end (clamped)', () => {
    assert.equal(applyTextEdits('ab\r\ncd\r\n', [edit(1, 99, 1, 99, '!')]).text, 'ab\r\ncd!\r\n');
  });
});

/** A toy linter over a text: every "bad" becomes a finding whose safe fix rewrites it to "good". */
function toyLint(path: string, extra?: (text: string) => Finding[]) {
  return (text: string): LintResult => {
    const findings: Finding[] = [];
    text.split('\n').forEach((line, i) => {
      let from = 0;
      for (;;) {
        const c = line.indexOf('bad', from);
        if (c < 0) break;
        const range = { start: at(i, c), end: at(i, c + 3) };
        const fix: Fix = { title: 'make good', kind: 'safe', edits: [{ range, newText: 'good' }] };
        findings.push({ rule: 'toy/bad', severity: 'error', message: 'bad', file: path, range, request: null, fixes: [fix] });
        from = c + 3;
      }
    });
    return { file: path, findings: [...findings, ...(extra?.(text) ?? [])], requests: 1, version: null };
  };
}

function memoryIO(files: Record<string, string>, unwritable: string[] = []): FixIO & { files: Record<string, string>; writes: number } {
  const io = {
    files,
    writes: 0,
    read(f: string) {
      if (!(f in files)) throw new Error(`ENOENT: ${f}`);
      return files[f];
    },
    write(f: string, t: string) {
      if (unwritable.includes(f)) throw new Error('EACCES: permission denied');
      io.writes++;
      files[f] = t;
    },
  };
  return io;
}

describe('fix: fixFile loop', () => {
  it('applies picked fixes, writes, re-lints and stops when nothing is left', async () => {
    const io = memoryIO({ '/a.http': 'bad bad\nok\nbad' });
    const report = await fixFile('/a.http', { lint: toyLint('/a.http'), pick: (f) => f.fixes?.[0] ?? null, io });
    assert.equal(io.files['/a.http'], 'good good\nok\ngood');
    assert.equal(report.passes, 1);
    assert.equal(report.applied, 3);
    assert.deepEqual(report.written, ['/a.http']);
    assert.equal(report.result.findings.length, 0);
  });

  it('needs a second pass for fixes that clashed in the first, and never exceeds maxPasses', async () => {
    // Two fixes over the same word: the second waits for the re-lint.
    const clash = (text: string): Finding[] =>
      text.includes('bad')
        ? [{ rule: 'toy/other', severity: 'warning', message: 'x', file: '/a.http', range: { start: at(0, 0), end: at(0, 3) }, request: null, fixes: [{ title: 'x', kind: 'safe', edits: [{ range: { start: at(0, 0), end: at(0, 3) }, newText: 'bad' }] }] }]
        : [];
    const io = memoryIO({ '/a.http': 'bad' });
    const report = await fixFile('/a.http', { lint: toyLint('/a.http', clash), pick: (f) => f.fixes?.[0] ?? null, io });
    assert.equal(io.files['/a.http'], 'good');
    assert.ok(report.passes >= 1 && report.passes <= 2);

    // A fix that never converges stops after maxPasses.
    let n = 0;
    const forever = (): LintResult => ({
      file: '/b.http',
      findings: [{ rule: 'toy/grow', severity: 'error', message: 'grow', file: '/b.http', range: { start: at(0, 0), end: at(0, 0) }, request: null, fixes: [{ title: 'g', kind: 'safe', edits: [{ range: { start: at(0, 0), end: at(0, 0) }, newText: String(n++) }] }] }],
      requests: 1,
      version: null,
    });
    const io2 = memoryIO({ '/b.http': '' });
    const r2 = await fixFile('/b.http', { lint: forever, pick: (f) => f.fixes?.[0] ?? null, io: io2, maxPasses: 10 });
    assert.equal(r2.passes, 10);
    assert.equal(io2.writes, 10);
  });

  it('applies only the fixes the picker accepts', async () => {
    const io = memoryIO({ '/a.http': 'bad' });
    const report = await fixFile('/a.http', { lint: toyLint('/a.http'), pick: () => null, io });
    assert.equal(io.files['/a.http'], 'bad');
    assert.equal(report.passes, 0);
    assert.equal(report.written.length, 0);
    assert.equal(report.result.findings.length, 1);
  });

  it('reports files it cannot write and leaves them untouched', async () => {
    const io = memoryIO({ '/a.http': 'bad' }, ['/a.http']);
    const report = await fixFile('/a.http', { lint: toyLint('/a.http'), pick: (f) => f.fixes?.[0] ?? null, io });
    assert.equal(io.files['/a.http'], 'bad');
    assert.deepEqual(report.unwritable, [{ file: '/a.http', message: 'EACCES: permission denied' }]);
    assert.equal(report.applied, 0);
  });

  it('edits another file a fix names, and re-lint sees it', async () => {
    const io = memoryIO({ '/a.http': 'x', '/body.json': '{"k": 1}' });
    let lints = 0;
    const lint = (): LintResult => {
      lints++;
      const done = io.files['/body.json'].includes('"k": 2');
      return {
        file: '/a.http',
        findings: done ? [] : [{ rule: 'toy/body', severity: 'error', message: 'k', file: '/body.json', range: { start: at(0, 6), end: at(0, 7) }, request: 1, fixes: [{ title: 'k=2', kind: 'safe', edits: [{ file: '/body.json', range: { start: at(0, 6), end: at(0, 7) }, newText: '2' }] }] }],
        requests: 1,
        version: null,
      };
    };
    const report = await fixFile('/a.http', { lint, pick: (f) => f.fixes?.[0] ?? null, io });
    assert.equal(io.files['/body.json'], '{"k": 2}');
    assert.equal(io.files['/a.http'], 'x');
    assert.deepEqual(report.written, ['/body.json']);
    assert.equal(lints, 2);
  });
});

describe('fix: writeFileSafely', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'reqlint-fix-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the content, keeps the mode, writes through a symlink and leaves no temp file', () => {
    const f = join(dir, 'a.http');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    const link = join(dir, 'link.http');
    symlinkSync(f, link);
    writeFileSafely(link, 'new');
    assert.equal(readFileSync(f, 'utf8'), 'new');
    assert.equal(statSync(f).mode & 0o777, 0o640);
    assert.ok(statSync(link).isFile());
    assert.deepEqual(readdirSync(dir).sort(), ['a.http', 'link.http']);
  });
});
