// The server's command line. appspec-lint dispatches on its first argument,
// so `lsp` must come first; flags for the lsp subcommand follow it. No vscode
// import: unit-tested in node.

export type ArgsResult = { ok: true; args: string[] } | { ok: false; message: string };

/** `lsp` followed by the user's appspec.args, which must be strings. */
export function buildServerArgs(userArgs: unknown): ArgsResult {
  if (userArgs === undefined || userArgs === null) {
    return { ok: true, args: ['lsp'] };
  }
  if (!Array.isArray(userArgs) || userArgs.some((a) => typeof a !== 'string')) {
    return { ok: false, message: 'appspec.args must be a list of strings, e.g. ["--stdio"].' };
  }
  const args = userArgs as string[];
  if (args[0] === 'lsp') {
    // Someone wrote the subcommand in the setting too: don't run `lsp lsp`.
    return { ok: true, args: [...args] };
  }
  return { ok: true, args: ['lsp', ...args] };
}
