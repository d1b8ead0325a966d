// The server reads nplc.yaml as `nplc check` does (docs/project-file.md): the
// file's targets choose whose checks run, so a Cilium user sees the Cilium
// checks in the editor; a changed file is read again; a bad one is shown.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { killAll, LspClient, uriOf } = require('./client');

test.after(killAll);

// 10.244.3.0/24 is in the default pod range: E0402 on the cilium target only.
const PODS = `use std/dns

namespace shop {
  deny-all baseline
  allow dns
  service api
  api -> 10.244.3.0/24:8080 # nplc:ignore W0202: about E0402
}
`;

const codes = (client, uri) => (client.diagnostics.get(uri) || []).map((d) => d.code || d.message.split('\n')[0]);

test('nplc.yaml: its targets, a change to it, and its errors', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nplc-lsp-project-'));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'policies'));
    const yaml = path.join(root, 'nplc.yaml');
    fs.writeFileSync(yaml, 'sources: [policies]\ntarget: [cilium]\n');
    const file = path.join(root, 'policies', 'pods.npl');
    fs.writeFileSync(file, PODS);
    const client = new LspClient(['lsp'], { cwd: root });
    await client.initialize();
    const uri = uriOf(file);
    client.open(uri, PODS);
    await client.sync(uri);
    assert.deepStrictEqual(codes(client, uri), ['E0402']);

    fs.writeFileSync(yaml, 'sources: [policies]\ntarget: [kubernetes]\n');
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(yaml), type: 2 }] });
    await client.sync(uri);
    assert.deepStrictEqual(codes(client, uri), []);

    fs.writeFileSync(yaml, 'taget: [cilium]\n');
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(yaml), type: 2 }] });
    await client.sync(uri);
    const shown = client.diagnostics.get(uri) || [];
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.strictEqual(shown[0].message, `${yaml}:1:1: unknown key 'taget'\nhelp: did you mean 'target'?`);
    assert.strictEqual(await client.stop(), 0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
