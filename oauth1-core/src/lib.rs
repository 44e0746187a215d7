//! Sans-IO OAuth 1.0a (RFC 5849), as Twitter/X and other providers speak it.
//!
//! This crate turns credentials, a request, a nonce and a timestamp into a signed [`http::Request`]. It
//! never opens a socket, never reads a clock and never draws randomness on its own: the time and the nonce
//! are arguments. That makes it usable with any HTTP client (the `oauth1-reqwest` and `oauth1-ureq` crates
//! are thin adapters), in wasm, on an embedded stack, and makes every signature reproducible in a test.
//!
//! # Contents
//! - [`flow`] — the 3-legged flow as sans-IO steps ([`TemporaryCredentialsRequest`] →
//!   [`PendingAuthorization`] → [`Authorized`] → [`AccessTokenRequest`] → [`AccessToken`]), token
//!   renewal and xAuth. Every step signs by its provider's rules.
//! - [`provider`] — a [`Provider`] is a profile, as data: endpoints and their methods, the
//!   authorization URL's spelling, the [`SigningRules`] (method, realm, placement, `oauth_version`,
//!   body hash, base-string rule). [`Preset`]s for X/Twitter, Jira/Confluence, NetSuite, Magento,
//!   WooCommerce, E*TRADE, Discogs, Flickr, Tumblr, SmugMug, Trello, Launchpad, LTI 1.1 launches and
//!   outcomes, and Mastercard.
//! - [`diagnose`] — why a signature was refused: [`Signer::explain`], and where a provider's echoed
//!   base string parts from ours, with the known cause of the difference when the two show one.
//! - [`step`] — the one shape of every exchange ([`Step`]: prepare a request, parse the response) and
//!   the decisions around sending one ([`step::Exchange`]: a fresh nonce per attempt, one re-sign after
//!   clock skew), so an HTTP client runs any step with one function.
//! - [`clock`] — the clock offset a provider's "Timestamp out of bounds" answer shows, for adapters.
//! - [`response`] — strict token-response decoding, Twitter's JSON errors, rate limits; [`problem`] —
//!   OAuth Problem Reporting answers (`oauth_problem=timestamp_refused`, …) as typed details.
//! - [`Signer`] — sign a request and place the parameters in the `Authorization` header (default), the
//!   query or a form body.
//! - [`signature`] — HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, and the [`SignatureMethod`] trait
//!   for your own; `rsa` (feature `rsa`) — RSA-SHA1, RSA-SHA256, RSA-SHA512 with PEM keys, for Jira,
//!   Confluence and Mastercard.
//! - [`ClientCredentials`], [`TokenCredentials`], [`Secret`] — secrets print as `[redacted]`.
//! - [`Nonce`], [`Timestamp`] — inputs, never ambient.
//! - [`verify`] — the provider's side: parse, look up secrets, recompute, check timestamp and nonce;
//!   for a refused signature, the known client mistake it was made with
//!   ([`verify::Checker::find_mistake`]).
//! - [`encode`] — the RFC 3986 percent-encoding OAuth requires, and strict form decoding.
//! - [`Error`] — one error type; [`Error::category`] says whose fault it was.
//!
//! # Signing a request
//!
//! Twitter's "Creating a signature" example, with the nonce and timestamp pinned:
//!
//! ```
//! use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
//!
//! let client = ClientCredentials::new("xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw");
//! let token = TokenCredentials::new(
//!     "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
//!     "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
//! );
//! let mut request = http::Request::post("https://api.twitter.com/1.1/statuses/update.json?include_entities=true")
//!     .header("content-type", "application/x-www-form-urlencoded")
//!     .body("status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21")
//!     .unwrap();
//!
//! let nonce = Nonce::new("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg").unwrap();
//! Signer::new(&client).token(&token).authorize(&mut request, &nonce, Timestamp::from_secs(1318622958)).unwrap();
//!
//! assert_eq!(
//!     request.headers()["authorization"],
//!     "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", \
//!      oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", \
//!      oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", oauth_signature_method=\"HMAC-SHA1\", \
//!      oauth_timestamp=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", \
//!      oauth_version=\"1.0\""
//! );
//! ```
//!
//! In production, draw the nonce from a CSPRNG with [`Nonce::generate`] and take the time from
//! `Timestamp::now()` (with the default `std` feature; an error, not `0`, if the clock reads before
//! 1970; not on `wasm32-unknown-unknown`, which has no clock) or your platform's clock.
//!
//! # The 3-legged flow on any HTTP client
//!
//! Core prepares each request and parses each response; `send` is yours (here a stub that answers as
//! Twitter would). With the `oauth1-ureq` or `oauth1-reqwest` adapters, `send` is one call.
//!
//! ```
//! use oauth1_core::{
//!     AccessTokenRequest, AuthorizeOptions, ClientCredentials, Nonce, Provider, Step,
//!     TemporaryCredentialsRequest, Timestamp,
//! };
//!
//! // Your HTTP client. This stub plays the provider.
//! // (A prepared request's body redacts itself in `Debug`; `into_bytes()` gives what to send.)
//! let send = |request: http::Request<oauth1_core::body::SensitiveBody>| -> http::Response<Vec<u8>> {
//!     assert!(request.headers()["authorization"].to_str().unwrap().starts_with("OAuth oauth_"));
//!     let body: &[u8] = if request.uri().path() == "/oauth/request_token" {
//!         b"oauth_token=Z6eEdO8M&oauth_token_secret=Kd75W4OQ&oauth_callback_confirmed=true"
//!     } else {
//!         b"oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY&oauth_token_secret=2EEfA6BG5ly3sR3XjE0IBSnlQu4ZrUzPiYTmrkVU&user_id=6253282&screen_name=twitterapi"
//!     };
//!     http::Response::new(body.to_vec())
//! };
//! // In production: Nonce::generate(&mut your_csprng) and Timestamp::now().
//! let nonce = |n: &str| Nonce::new(n).unwrap();
//! let now = Timestamp::from_secs(1_700_000_000);
//!
//! let provider = Provider::twitter();
//! let client = ClientCredentials::new("consumer key", "consumer secret");
//!
//! // 1. Temporary credentials, PIN flow.
//! let step = TemporaryCredentialsRequest::new(&provider, &client, "oob")?;
//! let pending = step.parse(send(step.prepare(&nonce("n1"), now)?))?;
//!
//! // 2. Send the user to the authorization page; they come back with a PIN.
//! let url = pending.authorize_url(&AuthorizeOptions::default().force_login(true));
//! assert_eq!(url, "https://api.twitter.com/oauth/authorize?oauth_token=Z6eEdO8M&force_login=true");
//! let authorized = pending.complete(" 9876543 ")?;
//!
//! // 3. Token credentials. The client credentials come from the application, not the stored state.
//! let step = AccessTokenRequest::new(&client, &authorized);
//! let access = step.parse(send(step.prepare(&nonce("n2"), now)?))?;
//! assert_eq!(access.screen_name(), Some("twitterapi"));
//!
//! // Then sign API calls on the user's behalf.
//! let mut call = http::Request::get("https://api.twitter.com/1.1/account/verify_credentials.json").body(())?;
//! access.signer(&client).authorize(&mut call, &nonce("n3"), now)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Other providers: presets and profiles
//!
//! A preset carries its provider's rules, so the same code signs for each. NetSuite wants HMAC-SHA256
//! and the account id as realm; WooCommerce signs with the consumer credentials alone, the parameters
//! in the query:
//!
//! ```
//! use oauth1_core::{ClientCredentials, Nonce, Provider, Timestamp, TokenCredentials};
//!
//! let (nonce, now) = (Nonce::new("n")?, Timestamp::from_secs(1_700_000_000));
//! let client = ClientCredentials::new("consumer key", "consumer secret");
//!
//! let netsuite = Provider::netsuite("123456_SB1")?;
//! let token = TokenCredentials::new("token id", "token secret");
//! let mut call = http::Request::get("https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40").body(())?;
//! netsuite.signer(&client).token(&token).authorize(&mut call, &nonce, now)?;
//! assert!(call.headers()["authorization"].to_str()?.starts_with("OAuth realm=\"123456_SB1\", "));
//!
//! let shop = Provider::woocommerce("http://shop.example.com")?;
//! let mut call = http::Request::get("http://shop.example.com/wp-json/wc/v3/products").body(())?;
//! shop.signer(&client).authorize(&mut call, &nonce, now)?;
//! assert!(call.uri().query().unwrap().contains("oauth_signature_method=HMAC-SHA256"));
//! assert!(!call.headers().contains_key("authorization"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A provider no preset knows is a [`Provider::new`] with [`SigningRules`] (or a serde document, feature
//! `serde`). Mastercard's gateway checks its own signers' base string, not RFC 5849's:
//! [`Provider::mastercard`] applies that rule ([`Compat::Mastercard`]) with a SHA-256 body hash on every
//! request, and `tests/vectors/providers.json` checks it against Mastercard's published vectors.
//! WooCommerce's and Magento's PHP servers read the query their own way ([`Compat::WooCommerce`],
//! [`Compat::Magento`]), and their presets sign what those servers compute:
//!
//! ```
//! use oauth1_core::{ClientCredentials, Nonce, Provider, Timestamp, TokenCredentials};
//!
//! let magento = Provider::magento("https://store.example.com")?;
//! let client = ClientCredentials::new("consumer key", "consumer secret");
//! let token = TokenCredentials::new("access token", "access token secret");
//! let url = "https://store.example.com/rest/V1/products?f%5B9%5D=a&f%5B10%5D=b";
//! let call = http::Request::get(url).body(())?;
//! let (nonce, now) = (Nonce::new("n")?, Timestamp::from_secs(1_700_000_000));
//! let base_string = magento.signer(&client).token(&token).base_string(&call, &nonce, now)?;
//! // PHP's `strnatcmp` puts f[9] before f[10]; RFC 5849's byte order would put f[10] first.
//! assert_eq!(
//!     base_string,
//!     "GET&https%3A%2F%2Fstore.example.com%2Frest%2FV1%2Fproducts&f%255B9%255D%3Da%26f%255B10%255D%3Db\
//!      %26oauth_consumer_key%3Dconsumer%2520key%26oauth_nonce%3Dn%26oauth_signature_method%3DHMAC-SHA256\
//!      %26oauth_timestamp%3D1700000000%26oauth_token%3Daccess%2520token%26oauth_version%3D1.0"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # RSA-SHA1 for Jira and Confluence (feature `rsa`)
//!
//! Atlassian's application links sign every step with RSA-SHA1 and the client's private key; the
//! consumer secret is empty. Enable the feature (`oauth1-core = { version = "0.1", features = ["rsa"] }`,
//! which brings RustCrypto's `rsa` 0.10 with `sha1`/`sha2` 0.11), read the key from PEM, and give every
//! step the method with its key (a step without it refuses to sign, saying so):
//!
//! ```
//! # #[cfg(feature = "rsa")] {
//! use oauth1_core::rsa::{Rsa, RsaPrivateKey};
//! use oauth1_core::{AccessTokenRequest, ClientCredentials, Nonce, Provider, Step, TemporaryCredentialsRequest, Timestamp};
//!
//! let key = RsaPrivateKey::from_pem(include_str!("../tests/keys/test-client-2048.pkcs1.pem"))?;
//! let jira = Provider::atlassian("https://jira.example.com")?;
//! let client = ClientCredentials::new("my-jira-consumer", "");
//! let step = TemporaryCredentialsRequest::new(&jira, &client, "oob")?.method(Rsa::sha1(&key));
//! let request = step.prepare(&Nonce::new("n1")?, Timestamp::from_secs(1_700_000_000))?;
//! let header = request.headers()["authorization"].to_str()?;
//! assert!(header.contains("oauth_signature_method=\"RSA-SHA1\""));
//! // … then pending.complete(pin) and AccessTokenRequest::new(&client, &authorized).method(Rsa::sha1(&key)),
//! // and access.signer(&client).method(Rsa::sha1(&key)) for API calls.
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is signed
//! The base string (RFC 5849 §3.4.1) covers the method, the scheme, host, port and path, the query
//! parameters, the parameters of an `application/x-www-form-urlencoded` body, and the protocol parameters.
//! Any other body (JSON, multipart, binary) is never parsed for parameters; enable
//! [`Signer::body_hash`] to cover it with `oauth_body_hash`. [`Signer::base_string`] shows the base string.

#![forbid(unsafe_code)]

extern crate alloc;

pub mod body;
pub mod clock;
pub mod diagnose;
pub mod encode;
pub mod error;
pub mod flow;
pub mod problem;
pub mod provider;
#[cfg(feature = "reference")]
pub mod reference;
pub mod response;
#[cfg(feature = "rsa")]
pub mod rsa;
pub mod signature;
pub mod step;
pub mod verify;

mod base_string;
mod compat;
mod credentials;
mod nonce;
mod params;
mod protocol;
mod signer;

pub use credentials::{ClientCredentials, Secret, TokenCredentials};
pub use error::{
    CallbackError, ClockError, Error, ErrorCategory, InputError, InputProblem, ProviderError, RateLimited,
    ResponseError, ResponseProblem, SendError, SigningError,
};
pub use flow::{
    AccessToken, AccessTokenRequest, AccessType, AuthorizeOptions, Authorized, OOB, PendingAuthorization,
    RenewAccessTokenRequest, TemporaryCredentialsRequest, XAuthRequest,
};
pub use nonce::{MAX_NONCE_LEN, Nonce, Timestamp};
pub use provider::{BodyHash, Compat, MethodName, Preset, PresetInput, Provider, SigningRules};
pub use signature::{BuiltinMethod, HmacSha1, HmacSha256, HmacSha512, Plaintext, Signature, SignatureMethod};
pub use signer::{Authorization, KeyedSigner, MAX_URI_LEN, Placement, Signer};
pub use step::Step;

pub use http;
pub use rand_core;

/// Compares two byte strings in constant time (for equal lengths; the length itself is not secret).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
