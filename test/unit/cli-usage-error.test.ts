import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildOnce, ROOT, runCli } from './cli-lint-helpers';

describe('cli: usage errors thrown inside a command bundle', () => {
  before(async function () {
    this.timeout(120000);
    await buildOnce();
  });

  it('prints the message alone with exit 2, not as an internal error with a stack', async () => {
    const r = await runCli(['lint', 'clean.http', '--env', 'dev'], join(ROOT, 'test', 'fixtures', 'lint'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^reqlint lint: environment 'dev' is not defined/);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });
});
