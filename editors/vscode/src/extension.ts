// The VS Code side: reads the settings, starts `appspec-lint lsp` through
// vscode-languageclient, restarts it when the settings that shape the
// process change. The decisions live in binary.ts, serverArgs.ts and
// selector.ts, which are tested without VS Code.

import * as os from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { resolveBinary } from './binary';
import { cleanGlobs, documentSelector, initializationOptions } from './selector';
import { buildServerArgs } from './serverArgs';
import { CLIENT_ID, CLIENT_NAME, COMMANDS, openSettingsCommand, RESTART_ON, SECTION, SETTINGS, settingId } from './settings';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
// Serialises start/stop so a burst of setting changes cannot start two servers.
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, () => enqueue(restart)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_ON.some((key) => e.affectsConfiguration(settingId(key)))) {
        enqueue(restart);
      }
    }),
  );
  enqueue(start);
}

export function deactivate(): Promise<void> | undefined {
  return client ? stop() : undefined;
}

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (err) {
      output?.appendLine(`stopping the server: ${String(err)}`);
    }
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const bin = resolveBinary({
    configured: config.get<string>(SETTINGS.path, ''),
    workspaceFolder: folder,
    home: os.homedir(),
    env: process.env,
    platform: process.platform,
  });
  if (!bin.ok) {
    output?.appendLine(bin.message);
    void offerSettings(bin.message, SETTINGS.path);
    return;
  }
  const args = buildServerArgs(config.get<unknown>(SETTINGS.args));
  if (!args.ok) {
    output?.appendLine(args.message);
    void offerSettings(args.message, SETTINGS.args);
    return;
  }
  const globs = cleanGlobs(config.get<unknown>(SETTINGS.files));

  // No transport field: the client then talks over stdio without adding
  // `--stdio` to the command line, so the command is exactly what we log.
  const serverOptions: ServerOptions = { command: bin.path, args: args.args, options: { cwd: folder } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(globs),
    initializationOptions: initializationOptions(globs),
    outputChannel: output,
  };
  output?.appendLine(`starting ${bin.path} ${args.args.join(' ')}`);
  const c = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    // Free the failed client's listeners; our output channel is ours to keep.
    c.dispose().catch(() => undefined);
    const message = `The appspec-lint language server (${bin.path}) did not start: ${String(err)}`;
    output?.appendLine(message);
    void offerSettings(message, SETTINGS.path);
  }
}

async function offerSettings(message: string, key: string): Promise<void> {
  const openButton = 'Open Settings';
  const show = 'Show Output';
  const choice = await vscode.window.showErrorMessage(`AppSpec Lint: ${message}`, openButton, show);
  if (choice === openButton) {
    const open = openSettingsCommand(key, vscode.env.remoteName);
    await vscode.commands.executeCommand(open.command, open.arg);
  } else if (choice === show) {
    output?.show(true);
  }
}
