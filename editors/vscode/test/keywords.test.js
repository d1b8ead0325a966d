// Guard: every keyword of the ANTLR grammar (grammar/Npl.g4, the reference)
// is highlighted as a keyword by the TextMate grammar in the grammar tests.
// Adding a keyword to Npl.g4 without teaching syntaxes/npl.tmLanguage.json
// (and a test/grammar/*.npl case) fails here.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(__dirname, '..');
const g4Path = process.env.NPL_G4 || path.resolve(root, '..', '..', 'grammar', 'Npl.g4');
const grammarPath = path.join(root, 'syntaxes', 'npl.tmLanguage.json');
const casesDir = path.join(root, 'test', 'grammar');

// Keywords are the lexer rules that are one lower-case literal (USE : 'use' ;);
// HTTP methods are the literals of the HTTP_METHOD fragment.
function antlrKeywords(g4) {
  const words = [];
  for (const m of g4.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:\s*'([a-z][a-z-]*)'\s*;/gm)) words.push(m[2]);
  const frag = g4.match(/fragment\s+HTTP_METHOD\s*:([^;]*);/);
  const methods = frag ? [...frag[1].matchAll(/'([A-Z]+)'/g)].map((m) => m[1]) : [];
  return { words, methods };
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  return registry.loadGrammar('source.npl');
}

// Every token of the grammar test files: its text and its scopes. Assertion
// lines (# ^^^ scope) are skipped, as vscode-tmgrammar-test skips them.
function tokensOf(grammar) {
  const tokens = [];
  for (const name of fs.readdirSync(casesDir).filter((f) => f.endsWith('.npl')).sort()) {
    let stack = vsctm.INITIAL;
    for (const line of fs.readFileSync(path.join(casesDir, name), 'utf8').split('\n')) {
      if (/^#\s*(\^|<[-~])/.test(line)) continue;
      const r = grammar.tokenizeLine(line, stack);
      for (const t of r.tokens) tokens.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, file: name });
      stack = r.ruleStack;
    }
  }
  return tokens;
}

const isKeywordScope = (s) => /^(keyword|storage|constant\.language)\./.test(s);

// The keywords that no test token shows with a keyword scope, and why.
function unhighlighted(keywords, tokens) {
  const problems = [];
  const check = (word, ok) => {
    const seen = tokens.filter((t) => t.text === word);
    if (seen.length === 0) problems.push(`'${word}' appears in no test/grammar/*.npl file`);
    else if (!seen.some((t) => t.scopes.some(ok))) {
      problems.push(`'${word}' is never highlighted as a keyword (scopes: ${seen[0].scopes.join(' ')})`);
    }
  };
  for (const w of keywords.words) check(w, isKeywordScope);
  for (const m of keywords.methods) check(m, (s) => s === 'keyword.other.http-method.npl');
  return problems;
}

test('the keyword list is read from the ANTLR grammar', () => {
  const k = antlrKeywords(fs.readFileSync(g4Path, 'utf8'));
  // Not vacuous: the known keywords and methods are found.
  for (const w of ['use', 'namespace', 'deny-all', 'deny', 'notin', 'baseline', 'entity']) assert.ok(k.words.includes(w), w);
  assert.ok(k.words.length >= 20, `only ${k.words.length} keywords found`);
  assert.deepStrictEqual(k.methods.sort(), ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);
});

test('every keyword of grammar/Npl.g4 is highlighted by the TextMate grammar', async () => {
  const grammar = await loadGrammar();
  const problems = unhighlighted(antlrKeywords(fs.readFileSync(g4Path, 'utf8')), tokensOf(grammar));
  assert.deepStrictEqual(problems, [], 'teach syntaxes/npl.tmLanguage.json these keywords and add a grammar test:\n' + problems.join('\n'));
});

test('the guard fails for a keyword the TextMate grammar does not know', async () => {
  const grammar = await loadGrammar();
  const g4 = fs.readFileSync(g4Path, 'utf8').replace(/^USE : 'use' ;$/m, "USE : 'use' ;\nFROB : 'frobnicate' ;");
  const problems = unhighlighted(antlrKeywords(g4), tokensOf(grammar));
  assert.deepStrictEqual(problems, ["'frobnicate' appears in no test/grammar/*.npl file"]);
  // A keyword that appears but only as a name is caught too.
  const asName = unhighlighted({ words: ['kube-dns'], methods: [] }, tokensOf(grammar));
  assert.match(asName[0], /'kube-dns' is never highlighted as a keyword/);
});
