//! The reference sealing client of 云签署.
//!
//! A sealing client prepares each PDF for a signature (`pdf`), asks for the CMS signed
//! attributes over it to be signed on the phone (`client`, with requests signed as `auth`
//! says), and embeds the returned signature as a detached CMS SignedData (`cms`). Without
//! default features only `attributes`, `auth` and `cms` build: the parts the server's sandbox
//! sealing client and tests share.

pub mod attributes;
pub mod auth;
pub mod cms;

#[cfg(feature = "pdf")]
pub mod appearance;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "samples")]
pub mod samples;
