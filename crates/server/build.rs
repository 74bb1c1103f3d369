//! Two macros read files that cargo does not track: rust-i18n's `locales/` and sqlx's
//! `migrations/`. Without this an edited `en.json` or a new migration would leave the build
//! with the old ones.
fn main() {
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=migrations");
}
