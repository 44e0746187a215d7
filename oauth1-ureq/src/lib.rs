//! OAuth 1.0a on [ureq](https://docs.rs/ureq) (blocking), and the `oauth1` command-line program
//! (`examples/oauth1.rs`).
//!
//! **Not yet an adapter.** Sending requests through ureq, the flow helpers, response-size caps and
//! timeouts arrive with the adapters issue. Until then this crate re-exports [`oauth1_core`], and the
//! `oauth1` program offers the network-free `sign` command:
//!
//! ```text
//! cargo run -p oauth1-ureq --example oauth1 -- sign --method GET --url https://example.com/ ...
//! ```

#![forbid(unsafe_code)]

pub use oauth1_core as core;
