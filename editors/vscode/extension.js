// The decree_rules extension: starts `decree-rules lsp` for rule and scenario files.
// The colours come from the TextMate grammars in syntaxes/; everything else (diagnostics,
// hover, completion, go to definition, outline, formatting) from the language server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace
    .getConfiguration("decreeRules")
    .get("server.command", "decree-rules");
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "decree-rules" },
      { scheme: "file", language: "decree-scenario" },
    ],
  };
  client = new LanguageClient("decreeRules", "decree_rules", serverOptions, clientOptions);
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
