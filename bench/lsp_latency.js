// The language server's latency, on demand (never in the test suite):
//   node bench/lsp_latency.js [LINES] [EDITS]     defaults 5000 and 20
// Opens a mesh of gen_mesh.py (LINES lines, one document) in `nplc lsp`
// (NPLC, default build/nplc), then edits one line EDITS times, and reports
// the time from each didChange to the publishDiagnostics that follows it
// (median and worst). Issue 21's target: 50 ms for 5,000 lines.
// Needs the extension's npm packages (editors/vscode: `npm ci`), for the
// test client it reuses (editors/vscode/test/lsp/client.js).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { LspClient, repoRoot, uriOf } = require('../editors/vscode/test/lsp/client');

const lines = Number(process.argv[2] || 5000);
const edits = Number(process.argv[3] || 20);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplc-lsp-bench-'));
  const file = path.join(dir, 'mesh.npl');
  const text = execFileSync('python3', [path.join(repoRoot, 'bench', 'gen_mesh.py'), String(lines)], { encoding: 'utf8' });
  fs.writeFileSync(file, text);
  const uri = uriOf(file);
  // An HTTP edge in the middle of the file (`  svc-00 -> svc-07:9000 GET
  // /api/v1/items/*`): a space is added before GET, then removed, so that
  // W0001's column, hence the diagnostics published, changes on every edit
  // (the server does not publish an unchanged list).
  const all = text.split('\n');
  const line = all.findIndex((l, i) => i > all.length / 2 && / GET /.test(l));
  const at = all[line].indexOf(' GET') + 1;
  const client = new LspClient();
  try {
    await client.initialize();
    // When the document's diagnostics were last published (this replaces
    // the client's own handler, which only records them). The server
    // publishes them before answering any later request (client.sync).
    let publishedAt = 0n;
    client.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      if (p.uri === uri) publishedAt = process.hrtime.bigint();
    });
    client.open(uri, text);
    await client.sync(uri);
    const times = [];
    for (let i = 0; i < edits; i++) {
      const range = i % 2 === 0 ? { start: { line, character: at }, end: { line, character: at } }
                                : { start: { line, character: at }, end: { line, character: at + 1 } };
      const edit = i % 2 === 0 ? ' ' : '';
      const start = process.hrtime.bigint();
      client.change(uri, [{ range, text: edit }]);
      await client.sync(uri);
      if (publishedAt < start) throw new Error('no diagnostics published after an edit');
      times.push(Number(publishedAt - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`nplc lsp, ${text.split('\n').length} lines, ${edits} edits: ` +
                `median ${median.toFixed(1)} ms, worst ${times[times.length - 1].toFixed(1)} ms from didChange to publishDiagnostics`);
    if ((await client.stop()) !== 0) throw new Error(client.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
