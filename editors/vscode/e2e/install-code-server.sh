#!/usr/bin/env bash
# Installs code-server 4.99.4 (VS Code 1.99.3, runs on Node 20) into DIR from
# the npm registry alone. Its normal install downloads prebuilt binaries from
# elsewhere (ripgrep, node headers), which this machine cannot reach, so the
# steps skip the install scripts, point ripgrep at the system's rg and build
# the native modules against the system's Node headers.
# Needs (Debian): libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
# pkg-config build-essential ripgrep.
# Usage: install-code-server.sh DIR   (does nothing if DIR already holds a working install)
set -euo pipefail
DIR=${1:?usage: install-code-server.sh DIR}
VERSION=4.99.4
bin="$DIR/node_modules/.bin/code-server"
marker="$DIR/.installed-$VERSION"

if [ -f "$marker" ] && "$bin" --version >/dev/null 2>&1; then
  exit 0
fi

for tool in rg make g++ pkg-config; do
  command -v "$tool" >/dev/null || { echo "install-code-server: $tool is missing (apt-get install ripgrep build-essential pkg-config)" >&2; exit 1; }
done

start=$SECONDS
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
# node-gyp would download Node's headers; the system's are enough.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

rm -rf "$DIR"
mkdir -p "$DIR"
echo "install-code-server: code-server@$VERSION into $DIR"
npm install --ignore-scripts --prefix "$DIR" "code-server@$VERSION"
cd "$DIR/node_modules/code-server/lib/vscode"
npm install --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Builds the native modules; ripgrep's download is skipped because bin/ exists.
npm rebuild
(cd extensions && npm install --omit=dev)
cd "$DIR" && npm rebuild argon2
"$bin" --version
touch "$marker"
echo "install-code-server: done in $((SECONDS - start))s"
