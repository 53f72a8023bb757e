// The generated TypeScript: `tsc --noEmit` accepts a sample using the typed API and rejects
// samples with a wrong body field or parameter, for that reason (the error names the field).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const tsc = `${pkg}node_modules/typescript/bin/tsc`;

function typecheck(file) {
  const r = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', `test/types/${file}`],
    { cwd: pkg, encoding: 'utf8' },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('a sample using the typed API compiles', { timeout: 120_000 }, () => {
  const { status, output } = typecheck('ok.ts');
  assert.equal(status, 0, output);
});

test('a wrong body field is a type error', { timeout: 120_000 }, () => {
  const { status, output } = typecheck('wrong-field.ts');
  assert.notEqual(status, 0, 'tsc accepted a wrong field');
  assert.match(output, /wrong-field\.ts\(7,\d+\): error TS(2353|2561): Object literal may only specify known properties.*'clusterTyp'/);
  assert.equal(output.match(/error TS/g).length, 1, output);
});

test('a wrong parameter name is a type error', { timeout: 120_000 }, () => {
  const { status, output } = typecheck('wrong-param.ts');
  assert.notEqual(status, 0, 'tsc accepted a wrong parameter');
  assert.match(output, /wrong-param\.ts\(7,\d+\): error TS(2353|2561): Object literal may only specify known properties.*'groupID'/);
  assert.equal(output.match(/error TS/g).length, 1, output);
});
