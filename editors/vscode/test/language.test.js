// The declarative parts of the extension: the language configuration's
// patterns behave as intended, and every snippet, with its placeholders
// filled by their defaults, is NPL that nplc parses.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const nplc = process.env.NPLC || path.resolve(root, '..', '..', 'build', 'nplc');
const config = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
const snippets = JSON.parse(fs.readFileSync(path.join(root, 'snippets', 'npl.json'), 'utf8'));

test('indentation: after an open block, back at its end', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['namespace production {', '  bundle metrics {  # comment', 'service w { app in (', 'external namespace kube-system {']) {
    assert.ok(increase.test(line), line);
  }
  for (const line of ['service db { app: postgres }', '# namespace x {', 'external x = dns "{"', '}']) {
    assert.ok(!increase.test(line), line);
  }
  assert.ok(decrease.test('  }') && decrease.test(')') && !decrease.test('  api -> db'));
});

test('words: names with - and . are one word, an arrow is not part of one', () => {
  const word = new RegExp(config.wordPattern, 'g');
  assert.deepStrictEqual('frontend/web-gateway -> api.v2:8080'.match(word), ['frontend', 'web-gateway', 'api.v2', '8080']);
  assert.deepStrictEqual('a->b'.match(word), ['a', 'b']);
});

test('folding markers and comments', () => {
  assert.strictEqual(config.comments.lineComment, '#');
  assert.ok(new RegExp(config.folding.markers.start).test('  # region services'));
  assert.ok(new RegExp(config.folding.markers.end).test('# endregion'));
});

// A snippet body with every placeholder at its default (the first choice).
function expand(body) {
  let text = body.join('\n').replace(/\t/g, '  ');
  for (let i = 0; i < 5; i++) {
    text = text.replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\d+/g, '');
}

test('every snippet is NPL that parses, in the place it is meant for', () => {
  const topLevel = new Set(['Namespace block', 'External namespace', 'Bundle', 'Use', 'External (CIDR)', 'External (DNS)']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npl-snippets-'));
  test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, s] of Object.entries(snippets)) {
    const text = expand(s.body);
    assert.ok(!/\$/.test(text), `${name}: placeholder left in ${text}`);
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.npl`);
    fs.writeFileSync(file, topLevel.has(name) ? `${text}\n` : `namespace snippet {\n  ${text}\n}\n`);
    const r = spawnSync(nplc, ['check', file, '--color', 'never'], { encoding: 'utf8' });
    // Names may be undeclared out of context; the syntax must be right.
    assert.ok(!/error\[E000[123]\]/.test(r.stderr), `${name}:\n${fs.readFileSync(file, 'utf8')}\n${r.stderr}`);
    assert.ok(r.status === 0 || r.status === 1, `${name}: nplc exited ${r.status}\n${r.stderr}`);
  }
  // The namespace block expands to a program that compiles as it is.
  const ns = path.join(dir, 'ns.npl');
  fs.writeFileSync(ns, `use std/dns\n${expand(snippets['Namespace block'].body)}\n`);
  assert.strictEqual(spawnSync(nplc, ['check', ns]).status, 0);
});
