//! OAuth 1.0a on [reqwest](https://docs.rs/reqwest) (async).
//!
//! **Not yet an adapter.** Sending requests through reqwest, the flow helpers, response-size caps and
//! timeouts arrive with the adapters issue. Until then this crate only re-exports [`oauth1_core`], so that
//! code written against `oauth1_reqwest::core` keeps compiling when the adapter lands; sign requests with
//! [`core::Signer`] and send them with your own client.

#![forbid(unsafe_code)]

pub use oauth1_core as core;
