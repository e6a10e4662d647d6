#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension from a clean checkout:
# npm ci, copy the schemas from ../../schema, compile, unit tests (node's test
# runner), vsce package, and a check of what the .vsix holds.
# Run from anywhere: bash editors/vscode/scripts/ci.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

echo "== npm ci"
npm ci

echo "== copy schemas, compile"
npm run --silent compile

echo "== unit tests"
npm test

version=$(node -p 'require("./package.json").version')
name=$(node -p 'require("./package.json").name')
vsix="$name-$version.vsix"
rm -f "$vsix"

echo "== vsce package"
# vsce runs vscode:prepublish (compile) again, then packages.
# stdin from /dev/null: without a terminal vsce answers its own prompts
# ("LICENSE not found. Continue?") with yes, so such warnings fail here.
out=$(npx --no-install vsce package --out "$vsix" </dev/null 2>&1) || { echo "$out"; exit 1; }
echo "$out"
if grep -q 'WARNING.*not found' <<<"$out"; then
  echo "ci.sh: vsce could not find a file it wants (see above)" >&2
  exit 1
fi

echo "== check $vsix"
# A .vsix is a zip; list it with node so that no unzip tool is needed.
listing=$(node -e '
  const buf = require("fs").readFileSync(process.argv[1]);
  // Walk the central directory: signature 0x02014b50, name length at +28, name at +46.
  const names = [];
  for (let i = 0; i + 46 <= buf.length; i++) {
    if (buf.readUInt32LE(i) !== 0x02014b50) continue;
    const n = buf.readUInt16LE(i + 28), x = buf.readUInt16LE(i + 30), c = buf.readUInt16LE(i + 32);
    names.push(buf.toString("utf8", i + 46, i + 46 + n));
    i += 45 + n + x + c;
  }
  console.log(names.join("\n"));
' "$vsix")
missing=0
for want in extension/package.json extension/readme.md extension/LICENSE.txt extension/out/extension.js extension/out/binary.js \
  extension/out/selector.js extension/out/serverArgs.js extension/out/settings.js \
  extension/schemas/appspec.schema.json extension/node_modules/vscode-languageclient/package.json; do
  if ! grep -qx "$want" <<<"$listing"; then
    echo "ci.sh: $vsix lacks $want" >&2
    missing=1
  fi
done
for unwanted in '^extension/src/' '^extension/out/test/' '^extension/e2e/' '^extension/scripts/' \
  '^extension/node_modules/typescript/' '^extension/node_modules/@vscode/vsce/' '\.ts$'; do
  if grep -q "$unwanted" <<<"$listing"; then
    echo "ci.sh: $vsix holds files it should not ($unwanted):" >&2
    grep "$unwanted" <<<"$listing" | head -5 >&2
    missing=1
  fi
done
if [ "$missing" != 0 ]; then
  exit 1
fi
echo "ci.sh: $vsix ok ($(grep -c . <<<"$listing") files, $(wc -c <"$vsix") bytes) in $((SECONDS - start))s"
