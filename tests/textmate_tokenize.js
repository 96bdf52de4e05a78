// Tokenize files with a TextMate grammar, as VS Code does (vscode-textmate and its
// Oniguruma); print each line's tokens and scopes as JSON, for tests/test_vscode_grammar.py.
// Usage: node textmate_tokenize.js GRAMMAR.json SCOPE FILE...
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const [grammarPath, scopeName, ...files] = process.argv.slice(2);
const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
const onigLib = oniguruma.loadWASM(wasm.buffer).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (text) => new oniguruma.OnigString(text),
}));
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scope) =>
    scope === scopeName
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath)
      : null,
});

registry.loadGrammar(scopeName).then((grammar) => {
  const result = {};
  for (const file of files) {
    let stack = vsctm.INITIAL;
    result[file] = fs.readFileSync(file, "utf8").split("\n").map((line) => {
      const found = grammar.tokenizeLine(line, stack);
      stack = found.ruleStack;
      return {
        tokens: found.tokens.map((t) => [line.substring(t.startIndex, t.endIndex), t.scopes]),
        depth: stack.depth,
        stoppedEarly: found.stoppedEarly,
      };
    });
  }
  process.stdout.write(JSON.stringify(result));
});
