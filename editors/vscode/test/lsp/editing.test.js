// nplc lsp, driven over JSON-RPC: textDocument/formatting and
// rangeFormatting (the layout of `nplc fmt`) and textDocument/codeAction (a
// quick fix for every diagnostic whose help comes with edits). Each quick
// fix is applied and the result compiled with `nplc check`.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { killAll, LspClient, repoRoot, nplcPath, uriOf } = require('./client');

const made = [];
test.after(() => {
  killAll();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function folderWith(name, text) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nplc-lsp-edit-')));
  made.push(dir);
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function started() {
  const client = new LspClient();
  await client.initialize();
  return client;
}

// LSP positions are UTF-16 units: JavaScript string indices.
function offsetOf(text, pos) {
  const lines = text.split('\n');
  let at = 0;
  for (let i = 0; i < pos.line; i++) at += lines[i].length + 1;
  return at + pos.character;
}

function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  for (const e of sorted) {
    text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
  }
  return text;
}

function nplc(args, input) {
  return spawnSync(nplcPath, args, { input, encoding: 'utf8' });
}

const wholeDocument = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };

test('initialize announces formatting and quick fixes', async () => {
  const client = new LspClient();
  const result = await client.initialize();
  assert.strictEqual(result.capabilities.documentFormattingProvider, true);
  assert.strictEqual(result.capabilities.documentRangeFormattingProvider, true);
  assert.deepStrictEqual(result.capabilities.codeActionProvider.codeActionKinds, ['quickfix']);
  assert.strictEqual(await client.stop(), 0);
});

test('formatting: the edit writes what nplc fmt writes; none when formatted; null on a syntax error', async () => {
  const messy = 'use std/dns\nnamespace shop {\n    deny-all baseline   # both\n  service api {app:api,tier:web}\n\n\n' +
    '  service db # the database\n  api->db:5432,5433\n}\n';
  const dir = folderWith('shop.npl', messy);
  const uri = uriOf(path.join(dir, 'shop.npl'));
  const client = await started();
  client.open(uri, messy);
  const edits = await client.request('textDocument/formatting', {
    textDocument: { uri }, options: { tabSize: 2, insertSpaces: true },
  });
  const expected = nplc(['fmt', '-'], messy);
  assert.strictEqual(expected.status, 0, expected.stderr);
  assert.strictEqual(applyEdits(messy, edits), expected.stdout);
  assert.strictEqual(expected.stdout, 'use std/dns\n\nnamespace shop {\n  deny-all baseline  # both\n' +
    '  service api { app: api, tier: web }\n\n  service db  # the database\n  api -> db:5432, 5433\n}\n');
  client.change(uri, [{ text: expected.stdout }]);
  assert.deepStrictEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: {} }), []);
  client.change(uri, [{ text: 'namespace shop {\n  service\n' }]);
  assert.strictEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: {} }), null);
  assert.strictEqual(await client.stop(), 0);
});

test('range formatting: the whole statements the range touches, as nplc fmt writes them; the rest as it was', async () => {
  const messy = 'namespace shop {\n    deny-all baseline   # both\n  service api {app:api,tier:web}\n' +
    '  service web {\n      app: web,\n        tier: front }\n\n\n  service db # the database\n' +
    '  api->db:5432,5433\n    web  ->   api:80\n}\n';
  const dir = folderWith('shop.npl', messy);
  const uri = uriOf(path.join(dir, 'shop.npl'));
  const client = await started();
  client.open(uri, messy);
  const format = (range) => client.request('textDocument/rangeFormatting', {
    textDocument: { uri }, range, options: { tabSize: 2, insertSpaces: true },
  });
  const lines = messy.split('\n');
  const withLines = (from, to, replacement) => [...lines.slice(0, from), ...replacement, ...lines.slice(to)].join('\n');
  // A cursor inside one statement: that line only.
  const one = await format({ start: { line: 2, character: 5 }, end: { line: 2, character: 5 } });
  assert.strictEqual(applyEdits(messy, one), withLines(2, 3, ['  service api { app: api, tier: web }']));
  // The last line of a statement written over three: the whole statement.
  const cut = await format({ start: { line: 5, character: 9 }, end: { line: 5, character: 12 } });
  assert.strictEqual(applyEdits(messy, cut), withLines(3, 6, ['  service web {', '    app: web,', '    tier: front', '  }']));
  // Two edges and the blank lines between statements.
  const two = await format({ start: { line: 6, character: 0 }, end: { line: 10, character: 3 } });
  assert.strictEqual(applyEdits(messy, two),
    withLines(6, 11, ['', '  service db  # the database', '  api -> db:5432, 5433', '  web -> api:80']));
  // Blank lines alone: no edit.
  assert.deepStrictEqual(await format({ start: { line: 6, character: 0 }, end: { line: 7, character: 0 } }), []);
  // The whole document: what nplc fmt writes.
  const expected = nplc(['fmt', '-'], messy);
  assert.strictEqual(expected.status, 0, expected.stderr);
  const all = await format({ start: { line: 0, character: 0 }, end: { line: 12, character: 0 } });
  assert.strictEqual(applyEdits(messy, all), expected.stdout);
  // A formatted statement: no edit; a syntax error: null.
  client.change(uri, [{ text: expected.stdout }]);
  assert.deepStrictEqual(await format({ start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }), []);
  client.change(uri, [{ text: 'namespace shop {\n  service\n' }]);
  assert.strictEqual(await format({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }), null);
  assert.strictEqual(await client.stop(), 0);
});

// Every code that carries a fix (EXPECTED_FIXES of tests/tools/check_fixes.py,
// but E0007, whose fix needs an absolute path), with a program that reports it:
// its diagnostic example, or a golden case where the example has no fix.
const example = (code) => path.join('compiler', 'diag', 'examples', `${code}.npl`);
const golden = (name) => path.join('tests', 'golden', 'cases', name, 'main.npl');
const FIXED = {
  E0001: golden('error-E0001-misspelt-direction'),
  E0101: example('E0101'),
  E0103: example('E0103'),
  E0106: golden('error-E0106-misspelt-namespace'),
  E0206: example('E0206'),
  E0208: example('E0208'),
  E0306: golden('error-E0306-deny-all-misspelt'),
  W0006: example('W0006'),
  W0200: example('W0200'),
  W0201: example('W0201'),
  W0202: golden('ok-W0202-except-help'),
};

function checkJson(dir) {
  const p = spawnSync(nplcPath, ['check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(p.stdout).diagnostics;
}

for (const [code, source] of Object.entries(FIXED)) {
  test(`quick fix for ${code}: offered on its diagnostic, applied, the program compiles past it`, async () => {
    const text = fs.readFileSync(path.join(repoRoot, source), 'utf8');
    const dir = folderWith('main.npl', text);
    const uri = uriOf(path.join(dir, 'main.npl'));
    const client = await started();
    client.open(uri, text);
    await client.sync(uri);
    const diag = (client.diagnostics.get(uri) || []).find((d) => d.code === code);
    assert.ok(diag, `${code} is not reported on its example`);
    // Asked for the diagnostic's own range, as an editor does at the cursor.
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] },
    });
    const action = actions.find((a) => a.diagnostics[0].code === code);
    assert.ok(action, `no quick fix for ${code}: ${JSON.stringify(actions)}`);
    assert.strictEqual(action.kind, 'quickfix');
    assert.match(diag.message, new RegExp(`help: ${action.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const refactors = await client.request('textDocument/codeAction', {
      textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['refactor'] },
    });
    assert.deepStrictEqual(refactors, []); // only quick fixes are offered
    const fixed = applyEdits(text, action.edit.changes[uri]);
    assert.notStrictEqual(fixed, text);
    const before = checkJson(dir);
    fs.writeFileSync(path.join(dir, 'main.npl'), fixed);
    const after = checkJson(dir);
    const was = before.find((d) => d.code === code);
    assert.ok(!after.some((d) => d.code === code && d.message === was.message), `${code} is still reported`);
    const newErrors = after.filter((d) => d.severity === 'error' && !before.some((b) => b.code === d.code));
    assert.deepStrictEqual(newErrors, [], `the fix brings new errors:\n${fixed}`);
    // Nothing is offered away from a diagnostic with a fix.
    client.change(uri, [{ text: fixed }]);
    await client.sync(uri);
    const left = await client.request('textDocument/codeAction', { textDocument: { uri }, range: wholeDocument, context: { diagnostics: [] } });
    assert.ok(!left.some((a) => a.diagnostics[0].code === code && a.diagnostics[0].message === diag.message));
    assert.strictEqual(await client.stop(), 0);
  });
}
