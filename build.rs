//! With the `split` feature on wasm, the app binary keeps its relocations: wasm-split
//! (scripts/split-wasm.sh) reads them to cut the module at the split points of `src/chunks.rs`.
//! A link argument of this one binary, so that no dependency is rebuilt for it.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if split && wasm {
        println!("cargo::rustc-link-arg-bin=cloudsign-app=--emit-relocs");
    }
}
