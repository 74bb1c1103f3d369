# Sourced by the scripts: where the project's tools live and how they are called.
# Tools are installed once per machine under CLOUDSIGN_TOOLS and shared by every clone.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CLOUDSIGN_TOOLS="${CLOUDSIGN_TOOLS:-$HOME/.cache/cloudsign/tools}"
export PATH="$CLOUDSIGN_TOOLS/bin:$CLOUDSIGN_TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# trunk must never download wasm-bindgen or wasm-opt (only package registries are reachable):
# Trunk.toml pins the versions installed here and every build runs offline.
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version that Cargo.lock pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Builds the SPA into dist/ with the size-optimized profile and wasm-opt (see Trunk.toml).
build_spa() {
  say "building the SPA (trunk build --release)"
  cargo fetch --locked >/dev/null
  trunk build --release --offline
}

# Trunk.toml must name the wasm-bindgen that Cargo.lock pins, or trunk would try to download it.
check_tool_pins() {
  local locked pinned
  locked="$(wasm_bindgen_version)"
  pinned="$(sed -n 's/^wasm_bindgen = "\([^"]*\)".*/\1/p' "$ROOT/Trunk.toml")"
  if [[ "$locked" != "$pinned" ]]; then
    echo "Trunk.toml pins wasm_bindgen = \"$pinned\" but Cargo.lock has $locked: make them equal" >&2
    exit 1
  fi
}
