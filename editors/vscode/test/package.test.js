// `vsce package --no-dependencies` builds the .vsix offline, and the archive
// holds exactly what VS Code loads: the bundled client, the declarative
// contributions, the icon and the docs — no sources, tests or node_modules.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const tmp = process.env.VSIX_OUT ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'npl-vsix-'));
const vsix = process.env.VSIX_OUT || path.join(tmp, 'npl.vsix');
if (tmp) test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Any attempt to reach a network fails at once: the proxy is a closed local port.
const offline = {
  ...process.env,
  npm_config_offline: 'true',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '',
  no_proxy: '',
};

const unzip = (...args) => execFileSync('unzip', args, { maxBuffer: 64 << 20 });

// scripts/setup.sh packages the extension with the "package" script, at the
// path docs/editors.md tells users to install.
test('the package script writes the .vsix where docs/editors.md says', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const out = pkg.scripts.package.match(/--out (\S+)/)[1];
  const fromRepo = path.relative(path.join(root, '..', '..'), path.join(root, out));
  assert.strictEqual(fromRepo, path.join('build', 'npl.vsix'));
  const editorsDoc = fs.readFileSync(path.join(root, '..', '..', 'docs', 'editors.md'), 'utf8');
  assert.ok(editorsDoc.includes(`code --install-extension ${fromRepo}`), 'docs/editors.md gives the install command');
});

test('vsce packages the extension offline', () => {
  fs.rmSync(vsix, { force: true });
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix],
    { cwd: root, env: offline, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  assert.ok(fs.statSync(vsix).size > 0);
});

test('the .vsix holds exactly the files VS Code needs', () => {
  // unzip -l: "  Length  Date  Time  Name" rows between two dashed lines.
  const listing = unzip('-l', vsix).toString();
  const names = listing
    .split('\n')
    .map((l) => l.match(/^\s*\d+\s+\S+\s+\S+\s+(.+)$/))
    .filter(Boolean)
    .map((m) => m[1].trim())
    .sort();
  assert.deepStrictEqual(names, [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/LICENSE.txt',
    'extension/changelog.md',
    'extension/dist/extension.js',
    'extension/images/icon.png',
    'extension/language-configuration.json',
    'extension/package.json',
    'extension/readme.md',
    'extension/snippets/npl.json',
    'extension/syntaxes/npl.tmLanguage.json',
  ]);
});

test('what is inside: manifest, grammar, icon, a self-contained client bundle', () => {
  const pkg = JSON.parse(unzip('-p', vsix, 'extension/package.json'));
  assert.strictEqual(pkg.name, 'npl');
  assert.deepStrictEqual(pkg.contributes.languages[0].extensions, ['.npl']);
  assert.strictEqual(pkg.contributes.grammars[0].scopeName, 'source.npl');
  assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);

  const grammar = JSON.parse(unzip('-p', vsix, 'extension/syntaxes/npl.tmLanguage.json'));
  assert.strictEqual(grammar.scopeName, 'source.npl');
  assert.deepStrictEqual(grammar, JSON.parse(fs.readFileSync(path.join(root, 'syntaxes', 'npl.tmLanguage.json'), 'utf8')));

  const icon = unzip('-p', vsix, 'extension/images/icon.png');
  assert.deepStrictEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG
  assert.strictEqual(icon.readUInt32BE(16), 128); // width
  assert.strictEqual(icon.readUInt32BE(20), 128); // height

  // The project's licence (Apache-2.0), declared and shipped.
  assert.strictEqual(pkg.license, 'Apache-2.0');
  const licence = unzip('-p', vsix, 'extension/LICENSE.txt').toString();
  assert.match(licence, /^\s*Apache License\s+Version 2\.0, January 2004/);
  assert.strictEqual(licence, fs.readFileSync(path.join(root, '..', '..', 'LICENSE'), 'utf8'));

  const manifest = unzip('-p', vsix, 'extension.vsixmanifest').toString();
  assert.match(manifest, /<Identity Language="en-US" Id="npl" Version="0\.1\.0" Publisher="nplc"/);
  assert.match(manifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.\d+\.\d+"/);

  // vscode-languageclient is bundled in (the package has no node_modules);
  // only `vscode` itself is left to the editor.
  const bundle = unzip('-p', vsix, 'extension/dist/extension.js').toString();
  const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.ok(required.includes('vscode'), 'the bundle requires vscode');
  const builtin = require('node:module').builtinModules;
  for (const r of required) assert.ok(r === 'vscode' || builtin.includes(r.replace(/^node:/, '')), `not bundled: ${r}`);
  assert.match(bundle, /"lsp"/); // starts `nplc lsp`
  assert.match(bundle, /npl\.server\.path|server\.path/);
});
