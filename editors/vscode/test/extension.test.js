// The extension's glue, with stand-ins for the editor API and the language
// client (VS Code itself cannot run here): what it starts, with which
// options, and what it does when nplc is missing.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'npl-ext-')));
const nplc = path.join(dir, 'nplc');
fs.writeFileSync(nplc, '#!/bin/sh\n', { mode: 0o755 });

function load(settings, { trusted = true } = {}) {
  const calls = { clients: [], messages: [], commands: [], lines: [], grantTrust: [] };
  const vscode = {
    workspace: {
      isTrusted: trusted,
      onDidGrantWorkspaceTrust: (listener) => (calls.grantTrust.push(listener), { dispose() {} }),
      workspaceFolders: [{ uri: { fsPath: dir } }],
      getConfiguration: () => ({ get: (key, def) => (key in settings ? settings[key] : def) }),
      createFileSystemWatcher: (glob) => ({ glob }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    window: {
      createOutputChannel: () => ({ appendLine: (l) => calls.lines.push(l), dispose() {} }),
      showInformationMessage: (m) => (calls.messages.push(m), Promise.resolve(undefined)),
      showErrorMessage: (m) => (calls.messages.push(m), Promise.resolve(undefined)),
    },
    commands: {
      registerCommand: (name) => (calls.commands.push(name), { dispose() {} }),
      executeCommand: () => {},
    },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      calls.clients.push({ id, name, serverOptions, clientOptions });
    }
    async start() {}
    async stop() {}
  }
  const stubs = { vscode, 'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 0 } } };
  const original = Module._load;
  Module._load = function (request, ...rest) {
    return request in stubs ? stubs[request] : original.call(this, request, ...rest);
  };
  try {
    const file = require.resolve('../src/extension.js');
    delete require.cache[file];
    return { ext: require(file), calls, vscode };
  } finally {
    Module._load = original;
  }
}

test('with nplc found, the extension starts `nplc lsp` over stdio for npl documents', async () => {
  const { ext, calls } = load({ 'server.path': nplc, 'server.program': 'file' });
  await ext.activate({ subscriptions: [] });
  assert.deepStrictEqual(calls.commands, ['npl.restartServer']);
  assert.strictEqual(calls.clients.length, 1);
  const { serverOptions, clientOptions } = calls.clients[0];
  assert.deepStrictEqual(serverOptions, { command: nplc, args: ['lsp'], transport: 0 });
  assert.deepStrictEqual(clientOptions.documentSelector.map((s) => s.language), ['npl', 'npl']);
  assert.deepStrictEqual(clientOptions.initializationOptions, { program: 'file' });
  assert.strictEqual(clientOptions.synchronize.fileEvents.glob, '**/{*.npl,nplc.yaml}');
  assert.deepStrictEqual(calls.messages, []);
  await ext.deactivate();
});

test('without nplc, the extension says how to enable the server and starts nothing', async () => {
  const { ext, calls } = load({ 'server.path': path.join(dir, 'missing') });
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(calls.clients.length, 0);
  assert.match(calls.messages[0], /npl\.server\.path/);
  assert.match(calls.lines[0], /highlighting and snippets still work/);
});

test('in Restricted Mode the extension starts no process until the workspace is trusted', async () => {
  const { ext, calls, vscode } = load({ 'server.path': nplc }, { trusted: false });
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(calls.clients.length, 0);
  assert.deepStrictEqual(calls.messages, []); // no prompt to configure a server either
  assert.match(calls.lines[0], /not trusted \(Restricted Mode\)/);
  // Trust granted: the server starts then, with the user's path.
  assert.strictEqual(calls.grantTrust.length, 1);
  vscode.workspace.isTrusted = true;
  await calls.grantTrust[0]();
  assert.strictEqual(calls.clients.length, 1);
  assert.deepStrictEqual(calls.clients[0].serverOptions, { command: nplc, args: ['lsp'], transport: 0 });
  await ext.deactivate();
});

test('package.json: a workspace cannot set the server path, and untrusted workspaces are supported only in part', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const setting = manifest.contributes.configuration.properties['npl.server.path'];
  // `machine`: user settings only, never a folder's or workspace's .vscode/settings.json.
  assert.strictEqual(setting.scope, 'machine');
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.strictEqual(untrusted.supported, 'limited');
  assert.ok(untrusted.restrictedConfigurations.includes('npl.server.path'));
  assert.match(untrusted.description, /Restricted Mode/);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
