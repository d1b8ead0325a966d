// A language client for tests: starts `nplc lsp`, speaks JSON-RPC to it with
// vscode-jsonrpc (the framing VS Code uses), and records the diagnostics it
// publishes. No VS Code involved.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const rpc = require('vscode-jsonrpc/node');

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const nplcPath = process.env.NPLC || path.join(repoRoot, 'build', 'nplc');

const uriOf = (file) => pathToFileURL(file).href;
const pathOf = (uri) => fileURLToPath(uri);

// The LSP position (UTF-16 units, as JS strings count) at the end of `text`.
function endPosition(text) {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const running = new Set();

class LspClient {
  constructor(args = ['lsp'], options = {}) {
    this.proc = spawn(nplcPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    running.add(this.proc);
    this.proc.on('exit', () => running.delete(this.proc));
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.proc.stdout),
      new rpc.StreamMessageWriter(this.proc.stdin),
    );
    this.diagnostics = new Map(); // uri -> the last list published
    this.published = 0;
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published++;
    });
    this.conn.onError(() => {}); // a test that breaks the stream on purpose checks the process instead
    this.conn.listen();
    this.versions = new Map();
  }

  async initialize(initializationOptions) {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions,
    });
    this.conn.sendNotification('initialized', {});
    return result;
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  open(uri, text) {
    this.versions.set(uri, 1);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'npl', version: 1, text } });
  }

  change(uri, contentChanges) {
    const version = (this.versions.get(uri) || 0) + 1;
    this.versions.set(uri, version);
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  // Every notification the server sent before answering this request has
  // arrived once it is answered (one ordered stream), and the server
  // publishes the diagnostics of every edit before answering a request.
  async sync(uri) {
    await this.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  }

  // shutdown then exit; resolves to the exit code.
  async stop() {
    await this.request('shutdown', null);
    this.conn.sendNotification('exit');
    const { code, signal } = await this.exited;
    this.conn.dispose();
    return signal ? `signal ${signal}` : code;
  }
}

// A failed assertion leaves its server running: end them all so that the
// test process can finish (each test file calls this after its tests).
function killAll() {
  for (const proc of running) proc.kill('SIGKILL');
}

module.exports = { killAll, LspClient, repoRoot, nplcPath, uriOf, pathOf, endPosition };
