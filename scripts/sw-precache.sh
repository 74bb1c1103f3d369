#!/usr/bin/env bash
# Part of the post_build hook: writes the app shell's file list and a build key into sw.js, so the
# service worker precaches exactly this build and a new build replaces the old cache. The QR
# decoder's worker is left out: it is fetched only when 扫一扫 opens.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"

mapfile -t files < <(find . -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' \
  -o -name '*.webmanifest' -o -name '*.png' -o -name '*.svg' -o -name '*.json' \) ! -name sw.js ! -name 'scan_worker*' | sed 's|^\./|/|' | LC_ALL=C sort)

build_key="$(for file in "${files[@]}"; do cat ".$file"; done | sha256sum | cut -c1-16)"
list="$(printf '"%s",' / "${files[@]}")"

sed -i -e "s|__CLOUDSIGN_BUILD__|$build_key|" -e "s|\"__CLOUDSIGN_PRECACHE__\"|[${list%,}]|" sw.js
echo "sw.js: build $build_key, ${#files[@]} files precached"
