#!/usr/bin/env bash
# Part of the post_build hook: writes .br and .gz beside the wasm, JS and CSS, so the backend serves
# them at the best compression once instead of compressing on every request.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.webmanifest' -o -name '*.json' \) -print0 |
  while IFS= read -r -d '' file; do
    gzip -9 -k -f "$file"
    if command -v brotli >/dev/null; then brotli -q 11 -k -f "$file"; fi
  done
