import { strict as assert } from 'node:assert';
import { parseDotenv } from '../../src/core/vars/dotenv';
import { applyOffset, formatDate, generateDynamic, isKnownDynamic, parseDynamic, type DynamicContext } from '../../src/core/vars/dynamic';

const now = new Date('2026-01-31T23:04:05.006Z');
let seq = 0;
const ctx: DynamicContext = {
  now: () => now,
  random: () => {
    // A fixed cycle: deterministic yet not constant.
    seq = (seq + 1) % 10;
    return seq / 10;
  },
  processEnv: { HOME: '/home/u' },
  dotenv: (n) => (n === 'KEY' ? 'dot' : undefined),
  secret: (n) => (n === 's' ? 'hidden' : undefined),
  variable: (n) => (n === 'which' ? 'HOME' : undefined),
};
const gen = (e: string) => generateDynamic(e, ctx);

describe('vars: dynamic variables', () => {
  it('splits head and arguments', () => {
    assert.deepEqual(parseDynamic('$random.integer(1, 5)'), { head: 'random.integer', args: '(1, 5)' });
    assert.deepEqual(parseDynamic('$datetime "DD-MM-YYYY" 1 d'), { head: 'datetime', args: '"DD-MM-YYYY" 1 d' });
    assert.equal(parseDynamic('host'), null);
    assert.ok(isKnownDynamic('$random.anything.at.all'));
    assert.ok(!isKnownDynamic('$input name'));
  });

  it('generates timestamps with offsets in every unit', () => {
    const secs = Math.floor(now.getTime() / 1000);
    assert.equal(gen('$timestamp').value, String(secs));
    assert.equal(gen('$timestamp -2 h').value, String(secs - 7200));
    assert.equal(gen('$timestamp 30 m').value, String(secs + 1800));
    assert.equal(gen('$timestamp 1 w').value, String(secs + 7 * 86400));
    assert.equal(gen('$isoTimestamp').value, '2026-01-31T23:04:05.006Z');
    assert.match(gen('$timestamp 1 fortnight').problem ?? '', /unit one of y, M, w, d, h, m, s, ms/);
    // Month arithmetic follows the calendar (Jan 31 + 1 month rolls into March like Date does).
    assert.equal(applyOffset(now, '1', 'y')?.toISOString(), '2027-01-31T23:04:05.006Z');
    assert.equal(applyOffset(now, 'x', 'd'), null);
  });

  it('formats $datetime as rfc1123, iso8601 and quoted patterns', () => {
    assert.equal(gen('$datetime rfc1123').value, 'Sat, 31 Jan 2026 23:04:05 GMT');
    assert.equal(gen('$datetime iso8601').value, '2026-01-31T23:04:05.006Z');
    assert.equal(gen('$datetime "YYYY-MM-DD HH:mm:ss.SSS" 1 d').value, '2026-02-01 23:04:05.006');
    assert.equal(gen("$datetime 'DD/MM/YY h A [at] dddd'").value, '31/01/26 11 PM at Saturday');
    assert.match(gen('$datetime').problem ?? '', /needs a format/);
    assert.match(gen('$datetime "unclosed').problem ?? '', /needs a format/);
    assert.equal(formatDate(now, 'X x MMM MMMM D M', true), `${Math.floor(now.getTime() / 1000)} ${now.getTime()} Jan January 31 1`);
    assert.match(gen('$localDatetime iso8601').value ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
  });

  it('draws $randomInt and $random.* inside their bounds', () => {
    for (let i = 0; i < 20; i++) {
      const n = Number(gen('$randomInt 5 8').value);
      assert.ok(n >= 5 && n < 8, String(n));
      const m = Number(gen('$random.integer(10, 12)').value);
      assert.ok(m >= 10 && m < 12, String(m));
      const f = Number(gen('$random.float(0.5, 1)').value);
      assert.ok(f >= 0.5 && f < 1, String(f));
    }
    assert.match(gen('$randomInt 9 1').problem ?? '', /min \(inclusive\) then max \(exclusive\)/);
    assert.match(gen('$random.uuid').value ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(gen('$random.email').value ?? '', /^[a-z]{8}@example\.com$/);
    assert.match(gen('$random.alphabetic(12)').value ?? '', /^[A-Za-z_]{12}$/);
    assert.match(gen('$random.hexadecimal(6)').value ?? '', /^[0-9a-f]{6}$/);
    assert.match(gen('$random.bool').value ?? '', /^(true|false)$/);
    assert.match(gen('$random.address.city').problem ?? '', /cannot generate/);
    assert.match(generateDynamic('$uuid', ctx, true).value ?? '', /^[0-9a-f-]{36}$/);
  });

  it('reads $processEnv, $dotenv (with % indirection) and $secret without running code', () => {
    assert.equal(gen('$processEnv HOME').value, '/home/u');
    assert.equal(gen('$processEnv %which').value, '/home/u');
    assert.match(gen('$processEnv NOPE').problem ?? '', /environment variable NOPE is not set/);
    assert.match(gen('$processEnv %nope').problem ?? '', /variable nope is not defined/);
    assert.equal(gen('$dotenv KEY').value, 'dot');
    assert.match(gen('$dotenv OTHER').problem ?? '', /not defined in the \.env file/);
    assert.equal(gen('$secret s').value, 'hidden');
    assert.match(gen('$aadToken').problem ?? '', /Azure sign-in/);
    assert.match(gen('$unknownThing').problem ?? '', /not a dynamic variable Reqlint knows/);
  });
});

describe('vars: dotenv parsing', () => {
  it('reads quotes, escapes, export, comments and multi-line values with name ranges', () => {
    const r = parseDotenv(
      [
        '# comment',
        'export A=1',
        'B = spaced value # note',
        "C='single \\n kept'",
        'D="double \\n escaped \\"q\\""',
        'E="multi',
        'line"',
        'F=`back tick`',
        'G=',
        'H=a#not-a-comment',
        '  I=indented',
      ].join('\r\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.entries.map((e) => [e.name, e.value]),
      [['A', '1'], ['B', 'spaced value'], ['C', 'single \\n kept'], ['D', 'double \n escaped "q"'], ['E', 'multi\nline'], ['F', 'back tick'], ['G', ''], ['H', 'a#not-a-comment'], ['I', 'indented']],
    );
    assert.deepEqual(r.entries[0].range, { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } });
    assert.deepEqual(r.entries[8].range, { start: { line: 10, character: 2 }, end: { line: 10, character: 3 } });
  });

  it('reports bad lines with their 1-based number and keeps the rest', () => {
    const r = parseDotenv('OK=1\nnonsense\n=x\nLATER=2\n');
    assert.deepEqual(r.entries.map((e) => e.name), ['OK', 'LATER']);
    assert.deepEqual(r.problems.map((p) => p.range.start.line), [1, 2]);
    assert.match(r.problems[0].message, /^line 2: expected NAME=value/);
  });
});
