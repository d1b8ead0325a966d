// `nplc check --format github` must print exactly what @actions/core prints
// for the same annotations: same property order, same escaping of the
// message (%, CR, LF) and of the properties (also ':' and ',').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const nplc = process.env.NPLC;
assert.ok(nplc, 'set NPLC to the nplc binary');

function run(dir, format) {
  const p = spawnSync(nplc, ['check', '--format', format, '.'], { cwd: dir, encoding: 'utf8' });
  return p.stdout;
}

// What @actions/core writes for one diagnostic of the JSON output.
function reference(d) {
  let message = d.message;
  for (const n of d.notes) message += '\nnote: ' + n;
  if (d.help) message += '\nhelp: ' + d.help;
  const props = { title: d.name ? `${d.code} ${d.name}` : d.code };
  if (d.location) {
    Object.assign(props, {
      file: d.location.file,
      startLine: d.location.line,
      endLine: d.location.endLine,
      startColumn: d.location.column,
      endColumn: d.location.endColumn,
    });
  }
  let out = '';
  const write = process.stdout.write;
  process.stdout.write = (chunk) => { out += chunk; return true; };
  try {
    (d.severity === 'error' ? core.error : core.warning)(message, props);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

for (const fixture of ['warnings', 'syntax']) {
  test(`github format matches @actions/core (${fixture})`, () => {
    const dir = path.join(here, 'fixtures', fixture);
    const doc = JSON.parse(run(dir, 'json'));
    assert.ok(doc.diagnostics.length > 0, 'the fixture reports something');
    const expected = doc.diagnostics.map(reference).join('');
    const got = run(dir, 'github');
    assert.equal(got, expected);
  });
}

test('the fixtures exercise every escape', () => {
  const all = ['warnings', 'syntax'].map((f) => run(path.join(here, 'fixtures', f), 'github')).join('');
  for (const esc of ['%25', '%0A', '%3A', '%2C']) assert.ok(all.includes(esc), `no ${esc} in the output`);
});
