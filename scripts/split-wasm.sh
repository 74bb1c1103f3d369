#!/usr/bin/env bash
# Part of the post_build hook: cuts the app's wasm into the first screen's module and the chunks
# of src/chunks.rs. trunk cannot: it runs wasm-bindgen on the whole module. So this runs
# wasm-split (wasm_split_cli_support, installed by scripts/bootstrap) on cargo's output, then
# wasm-bindgen and wasm-opt as trunk would, and puts the result where trunk's was.
#
# Every file gets its content's hash in its name: a page still running the previous build must
# never link a chunk of the next one (their function tables differ), and hashed names are what
# the backend caches for a year (crates/server/src/spa.rs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"

glue=(cloudsign-app-*.js)
if [[ ${#glue[@]} -ne 1 || ! -f ${glue[0]} ]]; then
  echo "split-wasm: expected one cloudsign-app-*.js from trunk, found: ${glue[*]}" >&2
  exit 1
fi
stem="${glue[0]%.js}"

# index.html's data-cargo-profile-release, or cargo's debug profile.
case "${TRUNK_PROFILE:-debug}" in
  release) profile=wasm-release ;;
  *) profile=debug ;;
esac
target_dir="$(cargo metadata --format-version 1 --no-deps --offline --manifest-path "$root/Cargo.toml" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
raw="$target_dir/wasm32-unknown-unknown/$profile/cloudsign-app.wasm"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wasm-split-cli "$raw" "$work/split" --out-name "$stem" >/dev/null
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$work/bindgen" --out-name "$stem" "$work/split/$stem.wasm"
mv "$work/bindgen/${stem}_bg.wasm" "$work/split/$stem.wasm"

if [[ "$profile" == wasm-release ]]; then
  for wasm in "$work"/split/*.wasm; do
    wasm-opt -Oz "$wasm" -o "$wasm"
  done
fi

hash_of() { sha256sum "$1" | cut -c1-16; }

link="$work/split/__wasm_split.js"
for chunk in "$work"/split/*.wasm; do
  name="$(basename "$chunk")"
  [[ "$name" == "$stem.wasm" ]] && continue
  hashed="${name%.wasm}-$(hash_of "$chunk").wasm"
  mv "$chunk" "$work/split/$hashed"
  sed -i "s|\"\./$name\"|\"./$hashed\"|g" "$link"
done
link_hashed="__wasm_split-$(hash_of "$link").js"
# Only the ES import: the import object's keys must keep the module name the wasm asks for.
sed -i "/^import /s|\./__wasm_split\.js|./$link_hashed|" "$work/bindgen/$stem.js"
if ! grep -q "$link_hashed" "$work/bindgen/$stem.js"; then
  echo "split-wasm: wasm-bindgen's glue does not import the chunk loader" >&2
  exit 1
fi

rm -f __wasm_split-*.js split_*.wasm chunk_*.wasm
cp "$work/bindgen/$stem.js" "$stem.js"
cp "$work/split/$stem.wasm" "${stem}_bg.wasm"
cp "$link" "$link_hashed"
find "$work/split" -name '*.wasm' ! -name "$stem.wasm" -exec cp {} . \;
if [[ -d "$work/bindgen/snippets" ]]; then
  cp -r "$work/bindgen/snippets" .
fi
echo "split-wasm: $(ls split_*.wasm chunk_*.wasm 2>/dev/null | wc -l) chunks beside ${stem}_bg.wasm"
