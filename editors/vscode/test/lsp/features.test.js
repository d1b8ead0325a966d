// nplc lsp, driven over JSON-RPC: diagnostics, hover, definition, completion,
// document symbols, unsaved buffers, and program scopes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { killAll, LspClient, repoRoot, nplcPath, uriOf, endPosition } = require('./client');

const made = [];
test.after(() => {
  killAll();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

// A folder of .npl files (a program), in a fresh temporary folder.
function program(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nplc-lsp-')));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const shopText = fs.readFileSync(path.join(repoRoot, 'examples', 'shop', 'shop.npl'), 'utf8');

// The position of the `nth` occurrence of `needle` in `text` (+ `delta` characters).
function positionOf(text, needle, delta = 0, nth = 1) {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not in the text`);
  return endPosition(text.slice(0, at + delta));
}

async function started(options) {
  const client = new LspClient();
  await client.initialize(options);
  return client;
}

// The lint checks warn about these small programs (no baseline, W0001…);
// the assertions below are about errors.
const errorsOf = (client, uri) => (client.diagnostics.get(uri) || []).filter((d) => d.severity === 1);

test('initialize announces what the server does', async () => {
  const client = new LspClient(['lsp', '--stdio']); // vscode-languageclient passes --stdio
  const result = await client.initialize();
  const caps = result.capabilities;
  assert.strictEqual(caps.textDocumentSync.change, 2); // incremental
  assert.strictEqual(caps.textDocumentSync.openClose, true);
  assert.strictEqual(caps.hoverProvider, true);
  assert.strictEqual(caps.definitionProvider, true);
  assert.strictEqual(caps.documentSymbolProvider, true);
  assert.deepStrictEqual(caps.completionProvider.triggerCharacters, ['/']);
  assert.strictEqual(result.serverInfo.name, 'nplc');
  assert.strictEqual(await client.stop(), 0);
});

test('diagnostics on open and on change, with ranges, codes and help', async () => {
  const dir = program({ 'shop.npl': shopText });
  const uri = uriOf(path.join(dir, 'shop.npl'));
  const client = await started();
  const broken = shopText.replace('api -> database:5432', 'api -> dbb:5432');
  client.open(uri, broken);
  await client.sync(uri);
  const diags = errorsOf(client, uri);
  assert.strictEqual(diags.length, 1, JSON.stringify(diags));
  const d = diags[0];
  assert.strictEqual(d.code, 'E0103');
  assert.strictEqual(d.severity, 1);
  assert.strictEqual(d.source, 'nplc');
  const start = positionOf(broken, 'dbb');
  assert.deepStrictEqual(d.range, { start, end: { line: start.line, character: start.character + 3 } });
  assert.match(d.message, /^unknown name 'dbb' in namespace 'production'/);
  assert.match(d.message, /\nhelp: /);

  // An incremental edit: replace `dbb` by `database`.
  client.change(uri, [{ range: d.range, text: 'database' }]);
  await client.sync(uri);
  assert.deepStrictEqual(errorsOf(client, uri), []);

  // A full-text change brings a syntax error.
  client.change(uri, [{ text: shopText.replace('api -> database:5432', 'api -> -> database:5432') }]);
  await client.sync(uri);
  assert.deepStrictEqual(errorsOf(client, uri).map((x) => x.code), ['E0001']);

  // Labels become related information, in the right file.
  const dup = shopText.replace('  service api ', '  service api\n  service api ');
  client.change(uri, [{ text: dup }]);
  await client.sync(uri);
  const [e0105] = client.diagnostics.get(uri);
  assert.strictEqual(e0105.code, 'E0105');
  assert.strictEqual(e0105.relatedInformation[0].location.uri, uri);
  assert.strictEqual(await client.stop(), 0);
});

test('ranges count UTF-16 units: characters outside the BMP, CRLF line ends', async () => {
  const text = 'namespace prod {\r\n  external x = dns "🙂é.example", "b..c"\r\n}\r\n';
  const dir = program({ 'u.npl': text });
  const uri = uriOf(path.join(dir, 'u.npl'));
  const client = await started();
  client.open(uri, text);
  await client.sync(uri);
  const diags = client.diagnostics.get(uri).filter((d) => d.code === 'E0213');
  assert.strictEqual(diags.length, 2, JSON.stringify(client.diagnostics.get(uri)));
  const line = text.split('\r\n')[1];
  const first = line.indexOf('"🙂');
  const second = line.indexOf('"b..c"');
  // JS string indices are UTF-16 units: 🙂 counts two.
  assert.deepStrictEqual(diags[0].range, {
    start: { line: 1, character: first },
    end: { line: 1, character: first + '"🙂é.example"'.length },
  });
  assert.deepStrictEqual(diags[1].range.start, { line: 1, character: second });

  // Positions in requests are UTF-16 too: an edit right after the emoji.
  client.change(uri, [{ range: { start: { line: 1, character: first + 3 }, end: { line: 1, character: first + 4 } }, text: '' }]);
  client.change(uri, [{ range: { start: { line: 1, character: first + 1 }, end: { line: 1, character: first + 3 } }, text: 'a' }]);
  await client.sync(uri);
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.strictEqual(symbols[0].children[0].name, 'x');
  assert.strictEqual(client.diagnostics.get(uri).length, 1); // only "b..c" is left
  assert.strictEqual(await client.stop(), 0);
});

test('hover on a service: selector, namespace and the policies generated for it', async () => {
  const dir = program({ 'shop.npl': shopText });
  const file = path.join(dir, 'shop.npl');
  const uri = uriOf(file);
  const client = await started();
  client.open(uri, shopText);
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(shopText, 'api  ', 1) });
  const md = hover.contents.value;
  assert.strictEqual(hover.contents.kind, 'markdown');
  assert.match(md, /\*\*service `api`\*\* in namespace `production`/);
  assert.match(md, /Selects pods with `app=api` in namespace `production`/);
  // The policies it names are the ones nplc build writes, and every policy
  // built for api is named.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplc-out-'));
  made.push(out);
  execFileSync(nplcPath, ['build', dir, '-o', out], { stdio: 'pipe' });
  const built = fs.readdirSync(path.join(out, 'kubernetes', 'production')).map((f) => f.replace(/\.yaml$/, ''));
  const named = [...md.matchAll(/^- `([a-z0-9-]+)`/gm)].map((m) => m[1]);
  assert.deepStrictEqual(named.sort(), ['allow-dns', 'api-egress', 'api-ingress', 'default-deny-all']);
  for (const n of named) assert.ok(built.includes(n), `${n} is not built (${built})`);
  for (const b of built.filter((n) => n.startsWith('api-'))) assert.ok(named.includes(b), b);
  assert.match(md, /`api-ingress` \(Ingress, from service api\): from `frontend\/web-gateway` on TCP 8080/);
  assert.match(md, /\*\*A peer in:\*\* `database-ingress` \(production\)/);

  // On a reference in an edge, with a selector.
  const db = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(shopText, 'database:5432', 2) });
  assert.match(db.contents.value, /`app=postgres, tier=data`/);
  assert.deepStrictEqual(db.range.start, positionOf(shopText, 'database:5432'));

  // While the program has errors there is no model: the hover says so.
  client.change(uri, [{ text: shopText + '\nnamespace x { a -> nowhere:1 }\n' }]);
  const broken = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(shopText, 'api  ', 1) });
  assert.match(broken.contents.value, /Policies are shown once the program compiles: it has 2 errors/);
  assert.match(broken.contents.value, /Selects pods with `app=api`/);

  // Nothing to say on a keyword.
  assert.strictEqual(await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(shopText, 'namespace') }), null);
  assert.strictEqual(await client.stop(), 0);
});

test('hover: FQDN peers are marked Cilium-only; a service of an external namespace lists where it is a peer', async () => {
  const text = [
    'use std/dns',
    'namespace shop {',
    '  deny-all baseline',
    '  allow dns',
    '  service api',
    '  external stripe = dns "api.stripe.com"',
    '  api -> stripe:443',
    '  api -> kube-system/kube-dns:53/udp',
    '}',
    '',
  ].join('\n');
  const dir = program({ 'a.npl': text });
  const uri = uriOf(path.join(dir, 'a.npl'));
  const client = await started();
  client.open(uri, text);
  const hover = async (needle, delta) =>
    (await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, delta) })).contents.value;
  assert.match(await hover('service api', 9), /to `stripe` \(Cilium only: left out on Kubernetes\) on TCP 443/);
  const dns = await hover('kube-dns:', 2);
  assert.match(dns, /in external namespace `kube-system`/);
  assert.match(dns, /Selects pods with `k8s-app=kube-dns`/);
  assert.match(dns, /Nothing is generated for it/);
  assert.match(dns, /\*\*A peer in:\*\* `allow-dns` \(shop\), `api-egress` \(shop\)/);
  assert.match(dns, /Declared in `<std\/dns>`/);
  assert.match(await hover('stripe =', 2), /\*\*external `stripe`\*\* in namespace `shop`/);
  assert.strictEqual(await client.stop(), 0);
});

test('go to definition: services, namespaces, externals, bundles, imported files', async () => {
  const files = {
    'main.npl': [
      'use "lib/metrics.npl"',
      'namespace shop {',
      '  deny-all baseline',
      '  allow metrics',
      '  service api',
      '  external office = 203.0.113.0/24',
      '  office -> api:8080',
      '  monitoring/prometheus -> api:9090',
      '}',
      '',
    ].join('\n'),
    'lib/metrics.npl': [
      'external namespace monitoring {',
      '  service prometheus',
      '}',
      'bundle metrics {',
      '  ingress monitoring/prometheus -> *:9090',
      '}',
      '',
    ].join('\n'),
  };
  const dir = program(files);
  const main = files['main.npl'];
  const uri = uriOf(path.join(dir, 'main.npl'));
  const libUri = uriOf(path.join(dir, 'lib', 'metrics.npl'));
  const client = await started({ program: 'file' });
  client.open(uri, main);
  const def = (needle, delta = 1, nth = 1) =>
    client.request('textDocument/definition', { textDocument: { uri }, position: positionOf(main, needle, delta, nth) });
  const lib = files['lib/metrics.npl'];
  const range = (text, needle, nth = 1) => {
    const start = positionOf(text, needle, 0, nth);
    return { start, end: { line: start.line, character: start.character + needle.length } };
  };
  assert.deepStrictEqual(await def('api:8080'), [{ uri, range: range(main, 'api') }]);
  assert.deepStrictEqual(await def('office ->'), [{ uri, range: range(main, 'office') }]);
  assert.deepStrictEqual(await def('metrics\n'), [{ uri: libUri, range: range(lib, 'metrics') }]);
  assert.deepStrictEqual(await def('monitoring/'), [{ uri: libUri, range: range(lib, 'monitoring') }]);
  assert.deepStrictEqual(await def('prometheus'), [{ uri: libUri, range: range(lib, 'prometheus') }]);
  assert.deepStrictEqual(await def('lib/metrics'), [{ uri: libUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  // A bare name at the cursor's end still counts; a keyword has no definition.
  assert.deepStrictEqual(await def('api:8080', 3), [{ uri, range: range(main, 'api') }]);
  assert.strictEqual(await def('deny-all'), null);
  assert.strictEqual(await client.stop(), 0);
});

test('go to definition across the files of a folder (examples/platform)', async () => {
  const dir = path.join(repoRoot, 'examples', 'platform');
  const frontend = fs.readFileSync(path.join(dir, 'frontend.npl'), 'utf8');
  const gateway = fs.readFileSync(path.join(dir, 'gateway.npl'), 'utf8');
  const uri = uriOf(path.join(dir, 'frontend.npl'));
  const client = await started();
  client.open(uri, frontend);
  await client.sync(uri);
  assert.deepStrictEqual(client.diagnostics.get(uri), []);
  const result = await client.request('textDocument/definition', {
    textDocument: { uri },
    position: positionOf(frontend, 'gateway/api-gateway', 10),
  });
  const start = positionOf(gateway, 'api-gateway', 0, 1);
  assert.deepStrictEqual(result, [
    { uri: uriOf(path.join(dir, 'gateway.npl')), range: { start, end: { line: start.line, character: start.character + 11 } } },
  ]);
  // `allow dns` comes from std/dns, which has no file to open.
  assert.strictEqual(
    await client.request('textDocument/definition', { textDocument: { uri }, position: positionOf(frontend, 'allow dns', 7) }),
    null,
  );
  assert.strictEqual(await client.stop(), 0);
});

test('completion: keywords and the names in scope', async () => {
  const dir = program({ 'shop.npl': shopText });
  const uri = uriOf(path.join(dir, 'shop.npl'));
  const client = await started();
  client.open(uri, shopText);
  await client.sync(uri);
  const labels = async (text, needle, delta = 0) => {
    client.change(uri, [{ text }]);
    const r = await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, delta) });
    return r.items.map((i) => i.label);
  };
  // At the start of a statement in a namespace: statement keywords and peers.
  let items = await labels(shopText, '  api -> database', 2);
  for (const l of ['service', 'deny-all', 'allow', 'external', 'expect', 'api', 'database', 'office', 'internet', 'private', 'frontend', '*', 'any']) {
    assert.ok(items.includes(l), `${l} missing from ${items}`);
  }
  assert.ok(!items.includes('use'), 'use is a top-level keyword');
  // After an arrow: peers only; a name being typed does not count.
  items = await labels(shopText.replace('api -> database:5432', 'api -> data'), '-> data', 7);
  assert.ok(items.includes('database') && items.includes('office') && !items.includes('service'), `${items}`);
  // ns/ completes the services of ns, while the text does not parse.
  items = await labels(shopText.replace('api -> database:5432', 'api -> frontend/'), 'frontend/', 9);
  assert.deepStrictEqual(items.sort(), ['*', 'web-gateway']);
  // After `allow`: bundles; after `use`: std modules; after `entity`: entities.
  items = await labels(shopText.replace('allow dns', 'allow '), 'allow ', 6);
  assert.deepStrictEqual(items, ['dns']);
  items = await labels('use \n' + shopText, 'use ', 4);
  assert.deepStrictEqual(items.sort(), ['std/dns', 'std/kubernetes']);
  items = await labels(shopText.replace('api -> database:5432', 'api -> entity '), 'entity ', 7);
  assert.ok(items.includes('world') && items.includes('kube-apiserver'));
  // At the top level; in a comment or a selector nothing.
  items = await labels(shopText + '\n', shopText + '\n', shopText.length + 1);
  assert.deepStrictEqual(items.sort(), ['bundle', 'expect', 'external', 'namespace', 'use']);
  assert.deepStrictEqual(await labels(shopText, '# default deny', 5), []);
  assert.deepStrictEqual(await labels(shopText, 'app: postgres', 5), []);
  assert.strictEqual(await client.stop(), 0);
});

test('document symbols: the outline of the document', async () => {
  const dir = program({ 'shop.npl': shopText });
  const uri = uriOf(path.join(dir, 'shop.npl'));
  const client = await started();
  client.open(uri, shopText);
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepStrictEqual(symbols.map((s) => s.name), ['use std/dns', 'frontend', 'production']);
  const production = symbols[2];
  assert.strictEqual(production.kind, 3); // Namespace
  const children = production.children.map((c) => `${c.kind}:${c.name}`);
  for (const c of ['5:api', '5:database', '14:office', '14:internet', '7:deny-all baseline', '7:allow dns', '24:api -> database:5432']) {
    assert.ok(children.includes(c), `${c} missing from ${children}`);
  }
  const db = production.children.find((c) => c.name === 'database');
  assert.strictEqual(db.detail, 'app=postgres, tier=data');
  assert.deepStrictEqual(db.selectionRange.start, positionOf(shopText, 'database {'));
  // A document that does not parse has no outline (and the server is fine).
  client.change(uri, [{ text: 'namespace {' }]);
  assert.deepStrictEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
  assert.strictEqual(await client.stop(), 0);
});

test('unsaved buffers: a program sees the editor text of every open file, imports included', async () => {
  const files = {
    'a.npl': 'use "b.npl"\nnamespace a {\n  service web\n  b/api -> web:80\n}\n',
    'b.npl': 'namespace b {\n  service other\n}\n',
  };
  const dir = program(files);
  const a = uriOf(path.join(dir, 'a.npl'));
  const b = uriOf(path.join(dir, 'b.npl'));
  for (const scope of ['file', 'folder']) {
    const client = await started({ program: scope });
    client.open(a, files['a.npl']);
    await client.sync(a);
    assert.deepStrictEqual(errorsOf(client, a).map((d) => d.code), ['E0103'], scope);
    // b.npl, open and changed but not saved, declares api: a is fine.
    client.open(b, files['b.npl']);
    client.change(b, [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } }, text: '\n  service api' }]);
    await client.sync(a);
    assert.deepStrictEqual(errorsOf(client, a), [], scope);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'b.npl'), 'utf8'), files['b.npl']); // nothing written
    // Closing b without saving: the disk's b.npl counts again.
    client.close(b);
    await client.sync(a);
    assert.deepStrictEqual(errorsOf(client, a).map((d) => d.code), ['E0103'], scope);
    assert.strictEqual(await client.stop(), 0);
  }
});

test('program scope: the folder (like nplc check FOLDER) or the file and its imports', async () => {
  const files = { 'good.npl': 'namespace a {\n  service web\n}\n', 'broken.npl': 'namespace b {\n  service\n}\n' };
  const dir = program(files);
  const good = uriOf(path.join(dir, 'good.npl'));
  const broken = uriOf(path.join(dir, 'broken.npl'));

  let client = await started();
  client.open(good, files['good.npl']);
  await client.sync(good);
  // A file of the program that is not open still gets its diagnostics.
  assert.deepStrictEqual(client.diagnostics.get(broken).map((d) => d.code), ['E0001']);
  // Closing the last document of a program clears what it published.
  client.close(good);
  await client.request('textDocument/documentSymbol', { textDocument: { uri: good } });
  assert.deepStrictEqual(client.diagnostics.get(broken), []);
  assert.strictEqual(await client.stop(), 0);

  client = await started({ program: 'file' });
  client.open(good, files['good.npl']);
  await client.sync(good);
  assert.deepStrictEqual(errorsOf(client, good), []);
  assert.ok(!client.diagnostics.has(broken));
  assert.strictEqual(await client.stop(), 0);
});

test('a document that is not a file (untitled) is compiled on its own', async () => {
  const client = await started();
  const uri = 'untitled:Untitled-1';
  client.open(uri, 'namespace a {\n  service web\n  nope -> web:80\n}\n');
  await client.sync(uri);
  assert.deepStrictEqual(client.diagnostics.get(uri).map((d) => d.code), ['E0103']);
  assert.strictEqual(await client.stop(), 0);
});
