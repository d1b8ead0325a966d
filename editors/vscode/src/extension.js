// The NPL extension: highlighting, snippets and language configuration are
// declarative (package.json); this file only starts the language server,
// `nplc lsp`, when an nplc executable is found and the workspace is trusted
// (in Restricted Mode it waits for trust to be granted, starting nothing).
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { findNplc } = require('./find-nplc');

/** @type {LanguageClient | undefined} */
let client;
let output;

async function startClient() {
  const config = vscode.workspace.getConfiguration('npl');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const trusted = vscode.workspace.isTrusted !== false;
  const found = findNplc(config.get('server.path', ''), { folder, trusted });
  if (!trusted) {
    output.appendLine(`${found.error}: highlighting and snippets work; trust the workspace for diagnostics.`);
    return;
  }
  if (!found.path) {
    output.appendLine(`${found.error}: diagnostics, hover and completion are off (highlighting and snippets still work).`);
    // Not awaited: activation does not wait for the user.
    vscode.window
      .showInformationMessage(`NPL: ${found.error}. Set "npl.server.path" to enable live diagnostics.`, 'Open Settings')
      .then((choice) => {
        if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'npl.server.path');
      });
    return;
  }
  output.appendLine(`starting ${found.path} lsp`);
  const serverOptions = { command: found.path, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'npl' },
      { scheme: 'untitled', language: 'npl' },
    ],
    initializationOptions: { program: config.get('server.program', 'folder') },
    // nplc.yaml: the project file, whose settings the server reads.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.npl,nplc.yaml}') },
    outputChannel: output,
  };
  client = new LanguageClient('npl', 'NPL Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`${found.path} lsp did not start: ${e.message}`);
    vscode.window.showErrorMessage(`NPL: the language server (${found.path} lsp) did not start; see the output view.`);
  }
}

async function stopClient() {
  if (!client) return;
  const c = client;
  client = undefined;
  await c.stop();
}

async function restart() {
  await stopClient();
  await startClient();
}

async function activate(context) {
  output = vscode.window.createOutputChannel('NPL Language Server');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('npl.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('npl.server')) restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
