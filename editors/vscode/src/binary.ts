// Finding the appspec-lint binary. We search PATH ourselves (rather than
// letting spawn fail with ENOENT) so that a missing binary gets a message that
// says what was tried and how to fix it. No vscode import: unit-tested in node.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_BINARY, settingId, SETTINGS } from './settings';

export interface ResolveInput {
  /** The appspec.path setting, as typed (may be empty). */
  configured: string;
  /** fsPath of the first workspace folder, if any. */
  workspaceFolder?: string;
  /** The user's home folder. */
  home: string;
  /** The environment (PATH, and PATHEXT on Windows). */
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** Overridable for tests; defaults to a real file-system check. */
  isExecutable?: (file: string) => boolean;
}

export type Resolved =
  | { ok: true; path: string; source: 'setting' | 'PATH' }
  | { ok: false; message: string };

/** Expands a leading `~` and every `${workspaceFolder}` / `${userHome}`. */
export function expandPath(
  p: string,
  home: string,
  workspaceFolder?: string,
  pathMod: typeof path.posix = path,
): string | { error: string } {
  let out = p.trim();
  if (out === '~') {
    out = home;
  } else if (out.startsWith('~/') || out.startsWith('~\\')) {
    out = pathMod.join(home, out.slice(2));
  }
  out = out.replace(/\$\{userHome\}/g, home);
  if (out.includes('${workspaceFolder}')) {
    if (!workspaceFolder) {
      return { error: `${settingId(SETTINGS.path)} uses \${workspaceFolder} but no folder is open` };
    }
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  return out;
}

export function defaultIsExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    // Windows has no execute bit; existence is what counts there.
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Candidate file names for a command: on Windows, one per PATHEXT suffix. */
function candidates(name: string, platform: NodeJS.Platform, env: ResolveInput['env']): string[] {
  if (platform !== 'win32') {
    return [name];
  }
  const exts = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
  if (exts.some((e) => name.toLowerCase().endsWith(e.toLowerCase()))) {
    return [name];
  }
  return [name, ...exts.map((e) => name + e.toLowerCase())];
}

/** Looks a bare command name up on PATH, as a shell would. */
export function searchPath(name: string, input: ResolveInput): string | undefined {
  const isExec = input.isExecutable ?? defaultIsExecutable;
  const pathMod = input.platform === 'win32' ? path.win32 : path.posix;
  const pathVar = input.env.PATH ?? input.env.Path ?? '';
  for (const dir of pathVar.split(pathMod.delimiter)) {
    if (dir === '') {
      continue; // an empty entry means the current folder, which is not ours to trust
    }
    for (const c of candidates(name, input.platform, input.env)) {
      const file = pathMod.join(dir, c);
      if (isExec(file)) {
        return file;
      }
    }
  }
  return undefined;
}

/**
 * Resolves the server binary: appspec.path when set (a path, or a bare name
 * looked up on PATH), else appspec-lint on PATH. A set but unusable
 * appspec.path is an error, not a silent fall-back: the user asked for it.
 */
export function resolveBinary(input: ResolveInput): Resolved {
  const isExec = input.isExecutable ?? defaultIsExecutable;
  const pathMod = input.platform === 'win32' ? path.win32 : path.posix;
  const setting = settingId(SETTINGS.path);
  const configured = input.configured.trim();
  if (configured !== '') {
    const expanded = expandPath(configured, input.home, input.workspaceFolder, pathMod);
    if (typeof expanded !== 'string') {
      return { ok: false, message: expanded.error + '.' };
    }
    const bare = !expanded.includes('/') && !(input.platform === 'win32' && expanded.includes('\\'));
    if (bare) {
      const found = searchPath(expanded, input);
      if (found) {
        return { ok: true, path: found, source: 'PATH' };
      }
      return { ok: false, message: `${setting} is "${configured}", which was not found on PATH.` };
    }
    let file = expanded;
    if (!pathMod.isAbsolute(file) && input.workspaceFolder) {
      file = pathMod.resolve(input.workspaceFolder, file);
    }
    for (const c of candidates(file, input.platform, input.env)) {
      if (isExec(c)) {
        return { ok: true, path: c, source: 'setting' };
      }
    }
    const shown = file === configured ? `"${configured}"` : `"${configured}" (${file})`;
    return { ok: false, message: `${setting} is ${shown}, which is not an executable file.` };
  }
  const found = searchPath(DEFAULT_BINARY, input);
  if (found) {
    return { ok: true, path: found, source: 'PATH' };
  }
  return {
    ok: false,
    message:
      `${DEFAULT_BINARY} was not found on PATH. Install it (go install github.com/appspec-lint/appspec-lint/cmd/appspec-lint@latest) ` +
      `or set ${setting} to the binary.`,
  };
}
