#!/usr/bin/env bash
# Starts the two echo backends the quickstart manifests point at (127.0.0.1:50061 = v1, 127.0.0.1:50062 = v2).
# Stop them with Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
backend="$root/tests/XdsControlPlane.EndToEnd.Tests/node/backend.js"
[ -d "$root/protos/node_modules" ] || (cd "$root/protos" && npm ci --no-audit --no-fund)
trap 'kill 0' EXIT
sleep infinity | node "$backend" --port 50061 --name echo-v1 &
sleep infinity | node "$backend" --port 50062 --name echo-v2 &
wait
