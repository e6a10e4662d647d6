// Which documents the client sends to the server. The server decides again
// by itself (README, "Language server"): the standard names, plus the globs
// it is given in initializationOptions. VS Code matches a document filter's
// pattern against the whole file path, while the server matches a glob
// without a slash against the file name and a relative glob under any
// folder; toVSCodePattern makes the first behave like the second.
// No vscode import: unit-tested in node.

/** A DocumentFilter, structurally (vscode's type is not imported here). */
export interface DocumentFilterLike {
  scheme: string;
  pattern: string;
}

/**
 * The standard names, in any folder and any letter case: the server lints
 * `AppSpec.yml` too (and reports the name, AS103, since the agent only finds
 * the lowercase one), so the client must send it.
 */
export const STANDARD_PATTERN = '**/[aA][pP][pP][sS][pP][eE][cC].{[yY][mM][lL],[yY][aA][mM][lL],[jJ][sS][oO][nN]}';

/** Cleans the appspec.files setting: strings only, trimmed, no blanks or duplicates. */
export function cleanGlobs(setting: unknown): string[] {
  if (!Array.isArray(setting)) {
    return [];
  }
  const out: string[] = [];
  for (const g of setting) {
    if (typeof g !== 'string') {
      continue;
    }
    const t = g.trim();
    if (t !== '' && !out.includes(t)) {
      out.push(t);
    }
  }
  return out;
}

/** The VS Code pattern that matches what the server's glob matches. */
export function toVSCodePattern(glob: string): string {
  if (glob.startsWith('/') || glob.startsWith('**/')) {
    return glob;
  }
  return '**/' + glob;
}

/**
 * The client's document selector. Only files on disk: a diff or a git:
 * view of an old revision would otherwise get findings of its own.
 */
export function documentSelector(globs: string[]): DocumentFilterLike[] {
  const patterns = [STANDARD_PATTERN, ...globs.map(toVSCodePattern)];
  return [...new Set(patterns)].map((pattern) => ({ scheme: 'file', pattern }));
}

/** initializationOptions as the server reads them. */
export function initializationOptions(globs: string[]): { globs: string[] } {
  return { globs };
}
