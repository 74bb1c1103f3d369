#!/usr/bin/env bash
# trunk's post_build hook (see Trunk.toml).
set -euo pipefail
here="$(dirname "$0")"
bash "$here/split-wasm.sh"
bash "$here/minify.sh"
bash "$here/locales.sh"
bash "$here/sw-precache.sh"
bash "$here/precompress.sh"
