// nplc lsp answers every request it receives, survives malformed input, and
// follows the lifecycle: initialize first, shutdown, then exit (0, or 1 when
// exit comes without shutdown). Raw frames are written by hand here, since a
// well-behaved client library cannot send broken ones.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const rpc = require('vscode-jsonrpc/node');
const { killAll, LspClient, nplcPath } = require('./client');

test.after(killAll);

// A server with a raw input and a parsed output.
function rawServer() {
  const proc = spawn(nplcPath, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const messages = [];
  const waiters = [];
  const reader = new rpc.StreamMessageReader(proc.stdout);
  reader.listen((m) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(signal ? `signal ${signal}` : code)));
  const frame = (body) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return {
    proc,
    exited,
    stderr: () => stderr,
    writeRaw: (bytes) => proc.stdin.write(bytes),
    send: (obj) => proc.stdin.write(frame(typeof obj === 'string' ? obj : JSON.stringify(obj))),
    frame,
    // The response to request `id`.
    async response(id) {
      for (;;) {
        const m = messages.find((x) => x.id === id && ('result' in x || 'error' in x));
        if (m) return m;
        await new Promise((resolve) => waiters.push(resolve));
      }
    },
    // Responses with a null id (to messages that had no usable one).
    async nullIdResponses(n) {
      for (;;) {
        const found = messages.filter((x) => x.id === null);
        if (found.length >= n) return found;
        await new Promise((resolve) => waiters.push(resolve));
      }
    },
  };
}

const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } };

test('requests before initialize are refused, notifications ignored', async () => {
  const s = rawServer();
  s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///x.npl', text: '' } } });
  s.send({ jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: {} });
  assert.strictEqual((await s.response(7)).error.code, -32002);
  s.send(init);
  assert.ok((await s.response(1)).result.capabilities);
  s.send({ ...init, id: 2 });
  assert.strictEqual((await s.response(2)).error.code, -32600); // initialize twice
  s.send({ jsonrpc: '2.0', id: 3, method: 'shutdown' });
  assert.strictEqual((await s.response(3)).result, null);
  s.send({ jsonrpc: '2.0', method: 'exit' });
  assert.strictEqual(await s.exited, 0);
});

test('malformed messages get error answers and the server goes on', async () => {
  const s = rawServer();
  s.send(init);
  await s.response(1);
  s.send('{"jsonrpc": "2.0", "id": 2, "method": '); // not JSON
  s.send('[1, 2, 3]'); // not an object
  s.send({ jsonrpc: '2.0', id: 3 }); // no method
  s.send({ jsonrpc: '2.0', id: 4, method: 'workspace/frobnicate' });
  s.send({ jsonrpc: '2.0', id: 5, method: 'textDocument/hover', params: { textDocument: {} } });
  s.send({ jsonrpc: '2.0', id: 6, method: 'textDocument/completion', params: 'nonsense' });
  // A header without Content-Length is skipped; the next message is read.
  s.writeRaw('Content-Type: application/vscode-jsonrpc\r\n\r\n');
  // Notifications with bad params, edits to documents that are not open, an
  // edit whose range is past the end, invalid UTF-8 in a JSON string.
  s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 42 } } });
  s.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///not-open.npl' }, contentChanges: [{ text: 'x' }] } });
  s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'untitled:open', version: 1, text: 'namespace a {' } } });
  s.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'untitled:open', version: 2 }, contentChanges: [{ range: { start: { line: 99, character: 99 }, end: { line: 0, character: 500 } }, text: ' }' }] } });
  const badUtf8 = Buffer.from('{"jsonrpc":"2.0","id":11,"method":"x","params":"\xff\xfe"}', 'latin1');
  s.writeRaw(Buffer.concat([Buffer.from(`Content-Length: ${badUtf8.length}\r\n\r\n`), badUtf8]));
  s.send({ jsonrpc: '2.0', id: 'seven', method: 'textDocument/definition', params: { textDocument: { uri: 'untitled:open' }, position: { line: -1, character: 0 } } });
  s.send({ jsonrpc: '2.0', id: 8, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'untitled:open' } } });

  // Not JSON, not an object, not UTF-8: answered with a null id.
  const nulls = await s.nullIdResponses(3);
  assert.deepStrictEqual(nulls.map((m) => m.error.code).sort((x, y) => x - y), [-32700, -32700, -32600]);
  assert.strictEqual((await s.response(3)).error.code, -32600);
  assert.strictEqual((await s.response(4)).error.code, -32601);
  assert.strictEqual((await s.response(5)).error.code, -32602);
  assert.strictEqual((await s.response(6)).error.code, -32602);
  assert.strictEqual((await s.response('seven')).error.code, -32602);
  // The edit past the end appended: the document parses and has an outline.
  const outline = (await s.response(8)).result;
  assert.deepStrictEqual(outline.map((x) => x.name), ['a']);
  assert.match(s.stderr(), /without a valid Content-Length/);
  s.send({ jsonrpc: '2.0', id: 9, method: 'shutdown' });
  await s.response(9);
  s.send({ jsonrpc: '2.0', id: 10, method: 'textDocument/hover', params: {} });
  assert.strictEqual((await s.response(10)).error.code, -32600); // after shutdown
  s.send({ jsonrpc: '2.0', method: 'exit' });
  assert.strictEqual(await s.exited, 0);
});

test('exit without shutdown exits 1; so does the end of the input', async () => {
  let s = rawServer();
  s.send(init);
  await s.response(1);
  s.send({ jsonrpc: '2.0', method: 'exit' });
  assert.strictEqual(await s.exited, 1);

  s = rawServer();
  s.send(init);
  await s.response(1);
  s.proc.stdin.end();
  assert.strictEqual(await s.exited, 1);

  // A message cut short by the end of the input is not a crash either.
  s = rawServer();
  s.writeRaw('Content-Length: 100\r\n\r\n{"jsonrpc"');
  s.proc.stdin.end();
  assert.strictEqual(await s.exited, 1);
});

test('a client that sends many requests at once gets every answer, in order', async () => {
  const client = new LspClient();
  await client.initialize();
  const uri = 'untitled:burst';
  client.open(uri, 'namespace a {\n  service web\n  web -> web:80\n}\n');
  const requests = [];
  for (let i = 0; i < 200; i++) {
    const position = { line: i % 5, character: i % 17 };
    requests.push(client.request(['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentSymbol'][i % 4], { textDocument: { uri }, position }));
  }
  const results = await Promise.all(requests);
  assert.strictEqual(results.length, 200);
  assert.strictEqual(await client.stop(), 0);
});
