// The document selector must send the client the same files the server
// accepts. VS Code matches a pattern against the whole path; minimatch
// stands in for VS Code's glob matcher here (same syntax for what we use:
// *, **, ?, {a,b}).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cleanGlobs, documentSelector, initializationOptions, STANDARD_PATTERN, toVSCodePattern } from '../selector';
const { minimatch } = require('minimatch') as { minimatch: (p: string, g: string, o?: object) => boolean };

function selects(globs: string[], file: string): boolean {
  return documentSelector(globs).some((f) => minimatch(file, f.pattern, { dot: true }));
}

test('the standard names are selected in any folder, on disk only', () => {
  const sel = documentSelector([]);
  assert.deepEqual(sel, [{ scheme: 'file', pattern: STANDARD_PATTERN }]);
  for (const f of ['/p/appspec.yml', '/p/deploy/appspec.yaml', '/home/u/.hidden/x/appspec.json', '/p/AppSpec.yml', '/p/APPSPEC.YAML', '/p/Appspec.Json']) {
    assert.ok(selects([], f), f);
  }
  for (const f of ['/p/appspec.yml.bak', '/p/myappspec.yml', '/p/appspec.toml', '/p/docker-compose.yml']) {
    assert.ok(!selects([], f), f);
  }
});

test('a glob without a slash matches the file name in any folder, as the server does', () => {
  assert.equal(toVSCodePattern('appspec-*.yml'), '**/appspec-*.yml');
  assert.ok(selects(['appspec-*.yml'], '/p/deploy/appspec-prod.yml'));
  assert.ok(!selects(['appspec-*.yml'], '/p/deploy/other.yml'));
});

test('a relative glob with a slash matches under any folder; ** and / stay as written', () => {
  assert.equal(toVSCodePattern('deploy/*.yaml'), '**/deploy/*.yaml');
  assert.equal(toVSCodePattern('**/deploy/*.yaml'), '**/deploy/*.yaml');
  assert.equal(toVSCodePattern('/srv/app/spec.yaml'), '/srv/app/spec.yaml');
  assert.ok(selects(['deploy/*.yaml'], '/home/u/proj/deploy/prod.yaml'));
  assert.ok(!selects(['deploy/*.yaml'], '/home/u/proj/deploy/sub/prod.yaml'));
  assert.ok(selects(['/srv/app/spec.yaml'], '/srv/app/spec.yaml'));
  assert.ok(!selects(['/srv/app/spec.yaml'], '/other/srv/app/spec.yaml'));
});

test('braces alternate, as in the server', () => {
  assert.ok(selects(['cd/{blue,green}.yml'], '/p/cd/green.yml'));
  assert.ok(!selects(['cd/{blue,green}.yml'], '/p/cd/red.yml'));
});

test('the setting is cleaned: strings only, trimmed, no blanks, no duplicates, no duplicate filters', () => {
  assert.deepEqual(cleanGlobs([' a.yml ', '', 3, null, 'a.yml', 'b/*.yaml']), ['a.yml', 'b/*.yaml']);
  assert.deepEqual(cleanGlobs('a.yml'), []);
  assert.deepEqual(cleanGlobs(undefined), []);
  assert.equal(documentSelector([STANDARD_PATTERN]).length, 1);
});

test('the globs reach the server as written (it applies its own rules to them)', () => {
  assert.deepEqual(initializationOptions(['deploy/*.yaml']), { globs: ['deploy/*.yaml'] });
});
