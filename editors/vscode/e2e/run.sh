#!/usr/bin/env bash
# End-to-end test of the extension in a real VS Code: code-server 4.99.4
# (VS Code 1.99.3) with the .vsix installed, driven by headless Chromium
# (drive.js) on a workspace of broken appspec files. It passes when:
# - appspec.yml shows appspec-lint's AS502 in the Problems panel, with a squiggle;
# - "AppSpec: Restart Language Server" starts a new server;
# - a wrong appspec.path (typed in the Settings editor) restarts the server,
#   clears the finding, and shows a message whose Open Settings button opens
#   the setting; the right path brings the finding back;
# - appspec.json gets VS Code's own schema problem (jsonValidation);
# - deploy/prod.yaml is linted because appspec.files names it.
# - legacy/AppSpec.yml (any letter case) is linted, with AS103 on its name.
#
#   bash editors/vscode/e2e/run.sh
#
# APPSPEC_E2E_CACHE  where code-server is installed (default ~/.cache/appspec-lint-e2e)
# APPSPEC_VSIX       a built .vsix to test (default: build one with scripts/ci.sh)
# E2E_SCREENSHOT     where the screenshot goes (default /tmp/appspec-lint-vscode-e2e.png)
# Only loopback is used; code-server is killed and the temp folder removed on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ext=$(cd "$here/.." && pwd)
repo=$(cd "$ext/../.." && pwd)
cache=${APPSPEC_E2E_CACHE:-$HOME/.cache/appspec-lint-e2e}
screenshot=${E2E_SCREENSHOT:-${TMPDIR:-/tmp}/appspec-lint-vscode-e2e.png}
start=$SECONDS

# A missing tool skips the test on a developer's machine, and fails it in CI
# (CI=true), so that CI cannot pass without running it.
missing() {
  if [ "${CI:-}" = true ]; then
    echo "e2e: FAILED: $1 is missing" >&2
    exit 1
  fi
  echo "e2e: SKIP: $1 is missing"
  exit 0
}
for tool in go node npm curl rg make g++ pkg-config setsid timeout; do
  command -v "$tool" >/dev/null || missing "$tool"
done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing "${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/appspec-vscode-e2e.XXXXXX")
cs_pid=
cleanup() {
  if [ -n "$cs_pid" ]; then
    # code-server runs in its own process group (setsid): end all of it.
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$cs_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== code-server (cache: $cache)"
t=$SECONDS
bash "$here/install-code-server.sh" "$cache/code-server"
code_server="$cache/code-server/node_modules/.bin/code-server"
echo "e2e: code-server ready in $((SECONDS - t))s"

echo "== appspec-lint binary"
(cd "$repo" && go build -o "$tmp/bin/appspec-lint" ./cmd/appspec-lint)

echo "== .vsix"
vsix=${APPSPEC_VSIX:-}
if [ -z "$vsix" ]; then
  bash "$ext/scripts/ci.sh"
  vsix="$ext/$(cd "$ext" && node -p 'const p = require("./package.json"); `${p.name}-${p.version}.vsix`')"
fi
[ -f "$vsix" ] || { echo "e2e: no .vsix at $vsix" >&2; exit 1; }

echo "== playwright-core"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

echo "== workspace"
ws="$tmp/ws"
mkdir -p "$ws/scripts"
# BeforeInstal (one l short) is AS502: the agent knows no such event, so the
# script would silently never run.
cat >"$ws/appspec.yml" <<'YAML'
version: 0.0
os: linux
files:
  - source: /
    destination: /var/www/app
hooks:
  BeforeInstal:
    - location: scripts/install_deps.sh
      timeout: 300
YAML
# A Lambda appspec.json with a key the schema forbids: VS Code's JSON
# support reports it through the schema the extension ships (jsonValidation),
# appspec-lint reports it as AS212.
cat >"$ws/appspec.json" <<'JSON'
{
  "version": 0.0,
  "Resources": [
    {
      "myLambdaFunction": {
        "Type": "AWS::Lambda::Function",
        "Properties": {
          "Name": "myLambdaFunction",
          "Alias": "live",
          "CurrentVersion": "1",
          "TargetVersion": "2"
        }
      }
    }
  ],
  "Hooks": [{ "BeforeAllowTraffic": "CheckBeforeTrafficShift" }],
  "Bogus": true
}
JSON
# An appspec under another name, linted only because appspec.files names it.
mkdir -p "$ws/deploy"
cat >"$ws/deploy/prod.yaml" <<'YAML'
version: 0.0
os: linux
hooks:
  AfterInstal:
    - location: ../scripts/install_deps.sh
YAML
# The standard name in another letter case: the client must send it too, and
# the server reports the name (AS103: the agent only finds appspec.yml).
mkdir -p "$ws/legacy"
printf 'version: 0.0\nos: linux\n' >"$ws/legacy/AppSpec.yml"
printf '#!/bin/sh\necho installing\n' >"$ws/scripts/install_deps.sh"
chmod +x "$ws/scripts/install_deps.sh"
# The CLI agrees first, so that a failure below is the editor's, not the linter's.
cli=$("$tmp/bin/appspec-lint" --format json "$ws/appspec.yml" || true) # exit 1: it found something
if grep -q '"rule": *"AS502"' <<<"$cli"; then
  echo "e2e: the CLI reports AS502"
else
  echo "e2e: the CLI does not report AS502 on the test file" >&2
  exit 1
fi

data="$tmp/data"
mkdir -p "$data/User"
cat >"$data/User/settings.json" <<JSON
{
  "appspec.path": "$tmp/bin/appspec-lint",
  "appspec.trace.server": "messages",
  "appspec.files": ["deploy/*.yaml"],
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "chat.commandCenter.enabled": false
}
JSON

echo "== install the .vsix"
"$code_server" --user-data-dir "$data" --extensions-dir "$tmp/extensions" --install-extension "$vsix"

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
echo "== start code-server on 127.0.0.1:$port"
setsid "$code_server" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$data" --extensions-dir "$tmp/extensions" "$ws" \
  >"$tmp/code-server.log" 2>&1 </dev/null &
cs_pid=$!
up=
for _ in $(seq 120); do
  if curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null; then up=1; break; fi
  kill -0 "$cs_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$up" ]; then
  echo "e2e: code-server did not come up on 127.0.0.1:$port within 60s" >&2
  cat "$tmp/code-server.log" >&2
  exit 1
fi

echo "== drive the workbench"
status=0
E2E_URL="http://127.0.0.1:$port" E2E_FOLDER="$ws" E2E_LOGS="$data/logs" E2E_BINARY="$tmp/bin/appspec-lint" \
  E2E_SCREENSHOT="$screenshot" E2E_RULE=AS502 \
  timeout 300 node "$here/drive.js" || status=$?
if [ "$status" != 0 ]; then
  echo "e2e: FAILED; code-server log:" >&2
  tail -n 40 "$tmp/code-server.log" >&2
  # The extension's output channel: what the client and server said.
  find "$data/logs" -name '*AppSpec Lint*' -exec tail -n 40 {} \; >&2 2>/dev/null || true
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi
echo "e2e: ok in $((SECONDS - start))s (screenshot: $screenshot)"
echo "e2e: 1 passed, 0 failed"
