// Binary resolution against real files in a temp folder: executable bits,
// PATH order, ~ and ${workspaceFolder} expansion, and the messages a user
// sees when nothing is found.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandPath, resolveBinary, searchPath, ResolveInput } from '../binary';

let root: string;
let home: string;
let ws: string;
let bin1: string;
let bin2: string;
let plain: string;

function exe(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, 0o755);
  return file;
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'appspec-vscode-test-'));
  home = path.join(root, 'home');
  ws = path.join(root, 'ws');
  bin1 = path.join(root, 'bin1');
  bin2 = path.join(root, 'bin2');
  plain = path.join(root, 'plain');
  exe(path.join(bin2, 'appspec-lint'));
  exe(path.join(home, 'go', 'bin', 'appspec-lint'));
  exe(path.join(ws, 'tools', 'appspec-lint'));
  fs.mkdirSync(bin1, { recursive: true });
  fs.mkdirSync(plain, { recursive: true });
  // Present but not executable: PATH search must skip it, as a shell does.
  fs.writeFileSync(path.join(bin1, 'appspec-lint'), 'not a program');
  // A folder with the binary's name is not the binary either.
  fs.mkdirSync(path.join(plain, 'appspec-lint'));
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

function input(over: Partial<ResolveInput>): ResolveInput {
  return { configured: '', home, workspaceFolder: ws, env: { PATH: '' }, platform: 'linux', ...over };
}

test('empty setting: first executable appspec-lint on PATH wins, non-executables and folders skipped', () => {
  const r = resolveBinary(input({ env: { PATH: [plain, bin1, '', bin2].join(':') } }));
  assert.deepEqual(r, { ok: true, path: path.join(bin2, 'appspec-lint'), source: 'PATH' });
});

test('empty setting and nothing on PATH: a message that says how to install or configure', () => {
  const r = resolveBinary(input({ env: { PATH: [plain, bin1].join(':') } }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /appspec-lint was not found on PATH/);
  assert.match(!r.ok ? r.message : '', /appspec\.path/);
  assert.match(!r.ok ? r.message : '', /go install github\.com\/appspec-lint\/appspec-lint\/cmd\/appspec-lint@latest/);
});

test('no PATH variable at all is not a crash', () => {
  const r = resolveBinary(input({ env: {} }));
  assert.equal(r.ok, false);
});

test('~ expands to the home folder', () => {
  const r = resolveBinary(input({ configured: '~/go/bin/appspec-lint' }));
  assert.deepEqual(r, { ok: true, path: path.join(home, 'go', 'bin', 'appspec-lint'), source: 'setting' });
});

test('${workspaceFolder} expands to the first folder', () => {
  const r = resolveBinary(input({ configured: '${workspaceFolder}/tools/appspec-lint' }));
  assert.deepEqual(r, { ok: true, path: path.join(ws, 'tools', 'appspec-lint'), source: 'setting' });
});

test('${workspaceFolder} without an open folder is an error that says so', () => {
  const r = resolveBinary(input({ configured: '${workspaceFolder}/tools/appspec-lint', workspaceFolder: undefined }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /no folder is open/);
});

test('a relative path is taken from the workspace folder', () => {
  const r = resolveBinary(input({ configured: 'tools/appspec-lint' }));
  assert.deepEqual(r, { ok: true, path: path.join(ws, 'tools', 'appspec-lint'), source: 'setting' });
});

test('a bare name in the setting is looked up on PATH', () => {
  fs.copyFileSync(path.join(bin2, 'appspec-lint'), path.join(bin2, 'appspec-lint-dev'));
  fs.chmodSync(path.join(bin2, 'appspec-lint-dev'), 0o755);
  const r = resolveBinary(input({ configured: 'appspec-lint-dev', env: { PATH: bin2 } }));
  assert.deepEqual(r, { ok: true, path: path.join(bin2, 'appspec-lint-dev'), source: 'PATH' });
  const missing = resolveBinary(input({ configured: 'nope-lint', env: { PATH: bin2 } }));
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.message : '', /appspec\.path is "nope-lint", which was not found on PATH/);
});

test('a set but unusable path is an error naming the setting and the expanded path, never a silent PATH fall-back', () => {
  const r = resolveBinary(input({ configured: '~/missing/appspec-lint', env: { PATH: bin2 } }));
  assert.equal(r.ok, false);
  const msg = !r.ok ? r.message : '';
  assert.match(msg, /appspec\.path is "~\/missing\/appspec-lint"/);
  assert.ok(msg.includes(path.join(home, 'missing', 'appspec-lint')), msg);
  assert.match(msg, /not an executable file/);
  const notExec = resolveBinary(input({ configured: path.join(bin1, 'appspec-lint') }));
  assert.equal(notExec.ok, false);
});

test('expandPath leaves other text alone and expands ${userHome}', () => {
  assert.equal(expandPath('/usr/local/bin/appspec-lint', home, ws), '/usr/local/bin/appspec-lint');
  assert.equal(expandPath('${userHome}/x', home, ws), `${home}/x`);
  assert.equal(expandPath('~', home, ws), home);
  assert.equal(expandPath('a~/b', home, ws), 'a~/b');
});

test('Windows: PATHEXT suffixes are tried, ; separates PATH, Path is read', () => {
  // No Windows here: the file check is handed a set of Windows paths.
  const files = new Set(['C:\\tools\\appspec-lint.exe', 'C:\\other\\appspec-lint.cmd']);
  const base: ResolveInput = {
    configured: '',
    home: 'C:\\Users\\u',
    env: { Path: 'C:\\nowhere;C:\\tools;C:\\other', PATHEXT: '.COM;.EXE;.CMD' },
    platform: 'win32',
    isExecutable: (f) => files.has(f),
  };
  assert.equal(searchPath('appspec-lint', base), 'C:\\tools\\appspec-lint.exe');
  assert.deepEqual(resolveBinary({ ...base, configured: '~\\..\\..\\tools\\appspec-lint' }), {
    ok: true,
    path: 'C:\\tools\\appspec-lint.exe',
    source: 'setting',
  });
  assert.equal(searchPath('appspec-lint.cmd', base), 'C:\\other\\appspec-lint.cmd');
});
