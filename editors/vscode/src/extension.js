// The NPL extension: highlighting, snippets and language configuration are
// declarative (package.json); this file only starts the language server,
// `nplc lsp`, when an nplc executable is found.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;
let output;

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// The configured path (with ~ and ${workspaceFolder} expanded), or nplc on PATH.
function findNplc(configured) {
  if (configured) {
    let p = configured.replace(/^~(?=$|[\\/])/, os.homedir());
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder) p = p.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(p) && folder) p = path.join(folder, p);
    return isExecutable(p) ? { path: p } : { error: `npl.server.path is '${configured}', which is not an executable file` };
  }
  const names = process.platform === 'win32' ? ['nplc.exe', 'nplc.cmd'] : ['nplc'];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir && isExecutable(candidate)) return { path: candidate };
    }
  }
  return { error: 'nplc was not found on PATH' };
}

async function startClient() {
  const config = vscode.workspace.getConfiguration('npl');
  const found = findNplc(config.get('server.path', ''));
  if (!found.path) {
    output.appendLine(`${found.error}: diagnostics, hover and completion are off (highlighting and snippets still work).`);
    const choice = await vscode.window.showInformationMessage(
      `NPL: ${found.error}. Set "npl.server.path" to enable live diagnostics.`,
      'Open Settings',
    );
    if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'npl.server.path');
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
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.npl') },
    outputChannel: output,
  };
  client = new LanguageClient('npl', 'NPL Language Server', serverOptions, clientOptions);
  await client.start();
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
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
