// package.json against the code and the files: every setting and command the
// code uses is contributed (and nothing contributed is unused), the schemas
// that yamlValidation/jsonValidation point at exist after the copy step and
// are byte-for-byte the Go module's, and the versions fit VS Code 1.99.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ID, COMMANDS, MACHINE_SETTINGS, openSettingsCommand, RESTART_ON, SETTINGS, settingId } from '../settings';

// Compiled to out/test/, so the extension root is two folders up.
const root = path.resolve(__dirname, '..', '..');
const goSchemas = path.resolve(root, '..', '..', 'schema');
const pkg: any = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const props: Record<string, { default?: unknown }> = pkg.contributes.configuration.properties;

test('every setting the code reads is contributed, and every contributed setting is read', () => {
  const used = Object.values(SETTINGS).map(settingId).sort();
  assert.deepEqual(Object.keys(props).sort(), used);
});

test('the trace setting is the one vscode-languageclient reads for our client id', () => {
  assert.ok(props[`${CLIENT_ID}.trace.server`], `${CLIENT_ID}.trace.server is not contributed`);
});

test('no compiled module names a setting that package.json does not contribute', () => {
  const out = path.join(root, 'out');
  for (const f of fs.readdirSync(out).filter((f) => f.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(out, f), 'utf8');
    for (const m of text.matchAll(/['"`](appspec\.[a-zA-Z.]+)['"`]/g)) {
      const id = m[1];
      const known = props[id] || Object.values(COMMANDS).includes(id as never);
      assert.ok(known, `${f} uses ${id}, which package.json does not contribute`);
    }
  }
});

test('restart-on and restricted settings exist', () => {
  for (const key of RESTART_ON) {
    assert.ok(props[settingId(key)], key);
  }
  for (const id of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) {
    assert.ok(props[id], id);
  }
});

test('commands: the code registers exactly what package.json contributes', () => {
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  const ext = fs.readFileSync(path.join(root, 'out', 'extension.js'), 'utf8');
  assert.match(ext, /registerCommand\(settings_1\.COMMANDS\.restartServer/);
});

test('activation covers the appspec files and the yaml/json languages', () => {
  assert.deepEqual(pkg.activationEvents.sort(), [
    'onLanguage:json',
    'onLanguage:yaml',
    'workspaceContains:**/[aA][pP][pP][sS][pP][eE][cC].{[yY][mM][lL],[yY][aA][mM][lL],[jJ][sS][oO][nN]}',
  ]);
});

test('main points at the compiled extension', () => {
  assert.ok(fs.existsSync(path.join(root, pkg.main)), `${pkg.main} missing: run tsc -p .`);
});

test('yamlValidation and jsonValidation point at schemas that exist (after npm run copy-schemas)', () => {
  const entries = [...pkg.contributes.yamlValidation, ...pkg.contributes.jsonValidation];
  const fileMatches = entries.flatMap((e: { fileMatch: string | string[] }) => [e.fileMatch].flat()).sort();
  assert.deepEqual(fileMatches, ['appspec.json', 'appspec.yaml', 'appspec.yml']);
  for (const e of entries) {
    const file = path.join(root, e.url);
    assert.ok(fs.existsSync(file), `${e.url} missing: run npm run copy-schemas`);
    JSON.parse(fs.readFileSync(file, 'utf8'));
  }
});

test('the shipped schemas are exactly the Go module\'s schema/*.json', () => {
  const want = fs.readdirSync(goSchemas).filter((f) => f.endsWith('.json')).sort();
  const dir = path.join(root, 'schemas');
  assert.ok(fs.existsSync(dir), 'schemas/ missing: run npm run copy-schemas');
  assert.deepEqual(fs.readdirSync(dir).sort(), want);
  for (const f of want) {
    const a = fs.readFileSync(path.join(goSchemas, f));
    const b = fs.readFileSync(path.join(dir, f));
    assert.ok(a.equals(b), `schemas/${f} differs from schema/${f}: run npm run copy-schemas`);
  }
});

function minVersion(range: string): number[] {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(range);
  assert.ok(m, range);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

test('engines.vscode accepts VS Code 1.99 and @types/vscode is no newer than it', () => {
  const engine = minVersion(pkg.engines.vscode);
  assert.ok(engine[0] === 1 && engine[1] <= 99, `engines.vscode ${pkg.engines.vscode} excludes 1.99`);
  const types = minVersion(pkg.devDependencies['@types/vscode']);
  assert.ok(types[0] === engine[0] && types[1] <= engine[1], `@types/vscode ${types} is newer than the engine`);
  // The client library has its own floor; it must not exceed ours.
  const lc = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
  assert.ok(minVersion(lc.engines.vscode)[1] <= engine[1], `vscode-languageclient needs ${lc.engines.vscode}`);
});

test('the manifest has what vsce and the marketplace need', () => {
  for (const k of ['name', 'publisher', 'version', 'license', 'repository', 'displayName', 'description']) {
    assert.ok(pkg[k], k);
  }
  // vsce looks for LICENSE itself and asks before packaging without one.
  assert.equal(pkg.license, 'MIT');
  assert.match(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.ok(fs.existsSync(path.join(root, 'README.md')), 'README.md missing');
});

test('the machine settings are the ones with a machine scope, and Open Settings finds them in a remote window', () => {
  const machine = Object.entries(props)
    .filter(([, v]) => String((v as { scope?: string }).scope ?? '').startsWith('machine'))
    .map(([k]) => k)
    .sort();
  assert.deepEqual(machine, MACHINE_SETTINGS.map(settingId).sort());
  assert.deepEqual(openSettingsCommand('path', undefined), { command: 'workbench.action.openSettings', arg: 'appspec.path' });
  assert.deepEqual(openSettingsCommand('path', 'ssh-remote'), {
    command: 'workbench.action.openRemoteSettings',
    arg: { query: 'appspec.path' },
  });
  // A window-scoped setting is in the User tab even in a remote window.
  assert.deepEqual(openSettingsCommand('files', 'ssh-remote'), { command: 'workbench.action.openSettings', arg: 'appspec.files' });
});
