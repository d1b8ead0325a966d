// How the extension finds the nplc that runs the language server.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findNplc } = require('../src/find-nplc');

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'npl-find-')));
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
const nplc = path.join(bin, 'nplc');
fs.writeFileSync(nplc, '#!/bin/sh\n', { mode: 0o755 });
const notExecutable = path.join(dir, 'nplc-text');
fs.writeFileSync(notExecutable, '', { mode: 0o644 });

test('nplc on PATH', () => {
  assert.deepStrictEqual(findNplc('', { envPath: ['/nonexistent', bin].join(path.delimiter) }), { path: nplc });
  assert.match(findNplc('', { envPath: '/nonexistent' }).error, /not found on PATH/);
  assert.match(findNplc('', { envPath: '' }).error, /not found on PATH/);
});

test('a configured path wins over PATH, and must be an executable file', () => {
  assert.deepStrictEqual(findNplc(nplc, { envPath: '' }), { path: nplc });
  assert.deepStrictEqual(findNplc('bin/nplc', { folder: dir, envPath: '' }), { path: nplc });
  assert.deepStrictEqual(findNplc('${workspaceFolder}/bin/nplc', { folder: dir, envPath: '' }), { path: nplc });
  assert.match(findNplc(notExecutable, { envPath: bin }).error, /not an executable file/);
  assert.match(findNplc(bin, { envPath: bin }).error, /not an executable file/); // a folder
  assert.match(findNplc('~/surely/not/there/nplc', { envPath: bin }).error, /npl\.server\.path is '~\/surely/);
});

test('in an untrusted workspace nothing is looked up, not even a valid path or PATH', () => {
  for (const configured of [nplc, 'bin/nplc', '']) {
    const found = findNplc(configured, { folder: dir, envPath: bin, trusted: false });
    assert.strictEqual(found.path, undefined);
    assert.match(found.error, /not trusted \(Restricted Mode\)/);
  }
  // Trusted (the default when not said): the same calls find it.
  assert.deepStrictEqual(findNplc(nplc, { envPath: '', trusted: true }), { path: nplc });
  assert.deepStrictEqual(findNplc('', { envPath: bin, trusted: true }), { path: nplc });
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
