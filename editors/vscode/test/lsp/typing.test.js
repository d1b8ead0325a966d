// The server survives a document being typed character by character through
// every example file (examples/**/*.npl), answering a request after each
// keystroke, and ends with the diagnostics `nplc check` gives for the folder.
// A seeded run of random edits (with characters outside ASCII and the BMP)
// follows, since people also paste, delete and undo.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { killAll, LspClient, repoRoot, nplcPath, uriOf, endPosition } = require('./client');

test.after(killAll);

const examplesDir = path.join(repoRoot, 'examples');
const requests = ['textDocument/documentSymbol', 'textDocument/completion', 'textDocument/hover', 'textDocument/definition'];

function exampleFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...exampleFiles(p));
    else if (entry.name.endsWith('.npl')) out.push(p);
  }
  return out.sort();
}

// What `nplc check FOLDER` says about one file: "line:col code" (nplc's
// columns are 1-based code points; the examples are ASCII, so UTF-16 0-based is col - 1).
function checkFor(file) {
  const dir = path.dirname(file);
  const r = spawnSync(nplcPath, ['check', '.', '--color', 'never'], { cwd: dir, encoding: 'utf8' });
  const out = [];
  for (const m of r.stderr.matchAll(/^(.+?):(\d+):(\d+): (?:error|warning)\[(\w+)\]/gm)) {
    if (path.join(dir, m[1]) === file) out.push(`${m[2] - 1}:${m[3] - 1} ${m[4]}`);
  }
  return out.sort();
}

const published = (client, uri) => (client.diagnostics.get(uri) || []).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`).sort();

const files = exampleFiles(examplesDir);

test('there are examples to type', () => {
  assert.ok(files.length >= 4, `${files}`);
});

for (const file of files) {
  test(`typing ${path.relative(repoRoot, file)} character by character`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const uri = uriOf(file);
    const client = new LspClient();
    await client.initialize();
    client.open(uri, '');
    let typed = '';
    let answered = 0;
    for (const ch of text) { // by code point: a surrogate pair is one keystroke
      const at = endPosition(typed);
      client.change(uri, [{ range: { start: at, end: at }, text: ch }]);
      typed += ch;
      const method = requests[answered % requests.length];
      await client.request(method, { textDocument: { uri }, position: endPosition(typed) });
      answered++;
    }
    assert.strictEqual(answered, [...text].length);
    await client.sync(uri);
    // The document the server has is the file, and it says what nplc check says.
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 0, 'the typed document parses');
    assert.deepStrictEqual(published(client, uri), checkFor(file));
    assert.strictEqual(await client.stop(), 0, client.stderr);
    // Same outline, to the character, as the file opened whole.
    const fresh = new LspClient();
    await fresh.initialize();
    fresh.open(uri, text);
    assert.deepStrictEqual(await fresh.request('textDocument/documentSymbol', { textDocument: { uri } }), symbols);
    assert.strictEqual(await fresh.stop(), 0);
  });
}

const kGoldenRun = 7; // code points per edit

test('typing every golden case file (broken input of every kind), a few characters at a time', async () => {
  const casesDir = path.join(repoRoot, 'tests', 'golden', 'cases');
  const client = new LspClient();
  await client.initialize();
  let typedFiles = 0;
  for (const name of fs.readdirSync(casesDir).sort()) {
    const dir = path.join(casesDir, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    // At most three files a case: the server analyses the whole folder on
    // every keystroke, and error-E0005-imports-too-deep holds 258 files of
    // one shape (typing them all took 4 of the suite's minutes).
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.npl')).sort().slice(0, 3)) {
      let text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(path.join(dir, f)));
      } catch {
        continue; // not text an editor could hold
      }
      const uri = uriOf(path.join(dir, f));
      client.open(uri, '');
      let typed = '';
      // In runs of a few code points: the examples above are typed one
      // keystroke at a time; here what matters is that every kind of broken
      // document is met half-written (one keystroke at a time took 47 of the
      // test's 56 s, and 3 minutes under the sanitizers).
      const points = [...text];
      for (let i = 0; i < points.length; i += kGoldenRun) {
        const run = points.slice(i, i + kGoldenRun).join('');
        const at = endPosition(typed);
        client.change(uri, [{ range: { start: at, end: at }, text: run }]);
        typed += run;
        await client.request(requests[(i / kGoldenRun) % requests.length], { textDocument: { uri }, position: endPosition(typed) });
      }
      await client.sync(uri);
      assert.ok(client.diagnostics.has(uri), `no diagnostics published for ${name}/${f}`);
      client.close(uri);
      typedFiles++;
    }
  }
  assert.ok(typedFiles >= 140, `${typedFiles} files typed`);
  assert.strictEqual(await client.stop(), 0, client.stderr);
});

// A small deterministic generator (mulberry32), so a failure can be replayed.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random edits (pastes, deletions, non-ASCII) keep the server answering', async () => {
  const file = path.join(examplesDir, 'shop', 'shop.npl');
  const original = fs.readFileSync(file, 'utf8');
  const uri = uriOf(file);
  const client = new LspClient();
  await client.initialize();
  client.open(uri, original);
  const rnd = random(20240611);
  const pieces = ['é', '🙂', '\r\n', '\n', '{', '}', '->', ':', '/', '"', '#', ' ', 'service x', 'api', '*', '10.0.0.0/8'];
  // The text as the server must have it, kept in step in JS (UTF-16 indices).
  let text = original;
  const offsetOf = (pos) => {
    const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
    let off = 0;
    for (let l = 0; l < pos.line; l++) off += lines[l].length;
    return off + pos.character;
  };
  const randomPosition = () => {
    let off = Math.floor(rnd() * (text.length + 1));
    // Never inside a surrogate pair.
    if (off > 0 && off < text.length && /[\uDC00-\uDFFF]/.test(text[off])) off--;
    return endPosition(text.slice(0, off));
  };
  for (let i = 0; i < 400; i++) {
    let a = randomPosition();
    let b = rnd() < 0.5 ? a : randomPosition();
    if (offsetOf(b) < offsetOf(a)) [a, b] = [b, a];
    const insert = rnd() < 0.3 ? '' : rnd() < 0.5 ? pieces[Math.floor(rnd() * pieces.length)] : original.slice(Math.floor(rnd() * original.length)).slice(0, Math.floor(rnd() * 40));
    client.change(uri, [{ range: { start: a, end: b }, text: insert }]);
    text = text.slice(0, offsetOf(a)) + insert + text.slice(offsetOf(b));
    await client.request(requests[i % requests.length], { textDocument: { uri }, position: randomPosition() });
  }
  // The server's text is the one computed here: replacing all of it by the
  // original through a ranged edit gives the original's diagnostics.
  client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: endPosition(text) }, text: original }]);
  await client.sync(uri);
  assert.deepStrictEqual(published(client, uri), checkFor(file));
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepStrictEqual(symbols.map((s) => s.name), ['use std/dns', 'frontend', 'production']);
  assert.strictEqual(await client.stop(), 0, client.stderr);
});
