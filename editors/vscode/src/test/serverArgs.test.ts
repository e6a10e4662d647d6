// The server's command line: `lsp` first (appspec-lint dispatches on its
// first argument), then the user's arguments.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildServerArgs } from '../serverArgs';

test('no setting: just lsp', () => {
  assert.deepEqual(buildServerArgs(undefined), { ok: true, args: ['lsp'] });
  assert.deepEqual(buildServerArgs([]), { ok: true, args: ['lsp'] });
});

test('user arguments follow lsp', () => {
  assert.deepEqual(buildServerArgs(['--stdio']), { ok: true, args: ['lsp', '--stdio'] });
});

test('a setting that already starts with lsp is not doubled', () => {
  assert.deepEqual(buildServerArgs(['lsp', '--stdio']), { ok: true, args: ['lsp', '--stdio'] });
});

test('anything but a list of strings is refused with a message', () => {
  for (const bad of ['--stdio', [1], [null], { a: 1 }]) {
    const r = buildServerArgs(bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.match(!r.ok ? r.message : '', /appspec\.args must be a list of strings/);
  }
});
