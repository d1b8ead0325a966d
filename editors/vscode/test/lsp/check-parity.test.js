// The server's diagnostics are `nplc check`'s: for every golden case (each a
// folder compiled as one program), the files are opened in the editor (those
// that are valid UTF-8; the others are read from disk, as any file of the
// program that is not open) and the published diagnostics must be exactly the
// ones `nplc check` prints — same files, positions, codes, severities and
// messages, with nplc's 1-based code-point columns turned into LSP's 0-based
// UTF-16 ones.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { killAll, LspClient, repoRoot, nplcPath, uriOf, pathOf } = require('./client');

test.after(killAll);

const casesDir = path.join(repoRoot, 'tests', 'golden', 'cases');
const decoder = new TextDecoder('utf-8', { fatal: true });

// Editors show text without a byte-order mark.
const shown = (text) => (text.startsWith('\uFEFF') ? text.slice(1) : text);

// nplc check's diagnostics: "file:line:col: error[CODE]: message".
// Run from the cases' folder, as the server is, so that paths in messages agree.
function checkDiagnostics(dir) {
  const r = spawnSync(nplcPath, ['check', path.basename(dir), '--color', 'never'], { cwd: casesDir, encoding: 'utf8' });
  const out = [];
  for (const m of r.stderr.matchAll(/^(.+?):(\d+):(\d+): (error|warning)\[(\w+)\]: (.*)$/gm)) {
    const file = path.join(casesDir, m[1]);
    const line = Number(m[2]) - 1;
    // Column in code points (1-based) -> UTF-16 units (0-based), on the line as shown.
    const lineText = readShown(file).split('\n')[line] || '';
    const character = [...lineText].slice(0, Number(m[3]) - 1).join('').length;
    out.push(`${path.basename(file)}:${line}:${character} ${m[4]}[${m[5]}] ${m[6]}`);
  }
  return { status: r.status, list: out.sort() };
}

function readShown(file) {
  const bytes = fs.readFileSync(file);
  let text;
  try {
    text = decoder.decode(bytes);
  } catch {
    // Invalid UTF-8: each bad byte is one character (U+FFFD), as editors show it.
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return shown(text);
}

function lspList(client, dir) {
  const out = [];
  for (const [uri, diags] of client.diagnostics) {
    if (!uri.startsWith('file:') || path.dirname(pathOf(uri)) !== dir) continue;
    for (const d of diags) {
      const kind = d.severity === 1 ? 'error' : 'warning';
      out.push(`${path.basename(pathOf(uri))}:${d.range.start.line}:${d.range.start.character} ${kind}[${d.code}] ${d.message.split('\n')[0]}`);
    }
  }
  return out.sort();
}

test('every golden case: the same diagnostics as nplc check', async () => {
  const client = new LspClient(['lsp'], { cwd: casesDir });
  await client.initialize();
  const cases = fs.readdirSync(casesDir).filter((c) => fs.statSync(path.join(casesDir, c)).isDirectory()).sort();
  assert.ok(cases.length >= 50, `only ${cases.length} cases`);
  for (const name of cases) {
    const dir = path.join(casesDir, name);
    // Cases built with options an editor does not pass (another target, -W
    // flags, --pod-cidr) are not what `nplc check` alone reports.
    if (fs.existsSync(path.join(dir, 'targets')) || fs.existsSync(path.join(dir, 'args'))) continue;
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.npl')).sort();
    const opened = [];
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f));
      let text;
      try {
        text = decoder.decode(bytes);
      } catch {
        continue; // not UTF-8: the editor could not show it as text; the server reads it from disk
      }
      const uri = uriOf(path.join(dir, f));
      client.open(uri, shown(text));
      opened.push(uri);
    }
    if (opened.length === 0) {
      // Nothing to show (the E0002 case): a new, empty buffer in the folder
      // joins the program without changing what it declares.
      const uri = uriOf(path.join(dir, 'new-buffer.npl'));
      client.open(uri, '');
      opened.push(uri);
    }
    await client.sync(opened[0]);
    const expected = checkDiagnostics(dir);
    assert.deepStrictEqual(lspList(client, dir), expected.list, name);
    // Not vacuous: error cases fail with errors, warning cases warn.
    assert.strictEqual(expected.status === 1, name.startsWith('error-'), name);
    if (name.startsWith('error-')) assert.ok(expected.list.some((d) => / error\[/.test(d)), name);
    if (name.startsWith('warn-')) {
      assert.ok(expected.list.some((d) => / warning\[/.test(d)), name);
    }
    for (const uri of opened) client.close(uri);
  }
  assert.strictEqual(await client.stop(), 0);
});
