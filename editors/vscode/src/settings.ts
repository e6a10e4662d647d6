// The names the extension shares with package.json, in one place so that a
// unit test can check both sides agree (this module must not import vscode).

/** The client id: vscode-languageclient reads `<id>.trace.server`. */
export const CLIENT_ID = 'appspec';
export const CLIENT_NAME = 'AppSpec Lint';

/** Settings, as keys under the `appspec` section. */
export const SECTION = 'appspec';
export const SETTINGS = {
  path: 'path',
  args: 'args',
  files: 'files',
  traceServer: 'trace.server',
} as const;

/** Settings whose change needs a new server process. The globs travel in
 * initializationOptions, which a server reads only once. */
export const RESTART_ON = [SETTINGS.path, SETTINGS.args, SETTINGS.files];

export const COMMANDS = {
  restartServer: 'appspec.restartServer',
} as const;

/** The binary looked up on PATH when appspec.path is empty. */
export const DEFAULT_BINARY = 'appspec-lint';

/** Full setting id, e.g. "appspec.path". */
export function settingId(key: string): string {
  return `${SECTION}.${key}`;
}

/**
 * The command that shows a setting to the user. appspec.path and appspec.args
 * are machine settings: in a remote window (SSH, containers, code-server)
 * they live in the Remote tab, and the plain Settings command would open the
 * User tab, where they are not listed.
 */
export function openSettingsCommand(
  key: string,
  remoteName: string | undefined,
): { command: string; arg: string | { query: string } } {
  const id = settingId(key);
  if (remoteName && MACHINE_SETTINGS.includes(key)) {
    return { command: 'workbench.action.openRemoteSettings', arg: { query: id } };
  }
  return { command: 'workbench.action.openSettings', arg: id };
}

/** Settings with a machine scope in package.json (checked by a unit test). */
export const MACHINE_SETTINGS: string[] = [SETTINGS.path, SETTINGS.args];
