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

# The release wasm is built on this pinned nightly, which rebuilds std for it with the flags of
# with_wasm_release_toolchain: panics abort without formatting a message, and no file names or
# Debug texts are kept. Measured on the app: the first screen's wasm 223,270 -> 200,716 B brotli.
# Debug builds, `trunk serve` and every test's own build stay on stable.
WASM_RELEASE_TOOLCHAIN=nightly-2026-05-19
wasm_release_std_sources() {
  echo "$(rustc "+$WASM_RELEASE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library"
}

# Runs a command (trunk, cargo) so that the wasm it builds uses the release toolchain.
# The target's rustflags replace .cargo/config.toml's, so erase_components is repeated here.
with_wasm_release_toolchain() {
  RUSTUP_TOOLCHAIN="$WASM_RELEASE_TOOLCHAIN" \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    "$@"
}

# Downloads the crates a build needs, std's included, so that the build itself runs offline.
fetch_crates() {
  cargo fetch --locked >/dev/null
  cargo "+$WASM_RELEASE_TOOLCHAIN" fetch --locked --manifest-path "$(wasm_release_std_sources)/Cargo.toml" >/dev/null
}

# Builds the SPA into dist/ with the size-optimized profile and wasm-opt (see Trunk.toml). trunk
# runs scripts/release-cargo/cargo, which builds the app's wasm on the release toolchain.
build_spa() {
  say "building the SPA (trunk build --release)"
  fetch_crates
  CLOUDSIGN_CARGO="$(command -v cargo)" PATH="$ROOT/scripts/release-cargo:$PATH" \
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
