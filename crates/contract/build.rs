//! rust-i18n reads `locales/` inside a macro, which cargo does not track: without this an edited
//! `en.json` would leave the build with the old texts.
fn main() {
    println!("cargo::rerun-if-changed=locales");
}
