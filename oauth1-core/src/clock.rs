//! Correcting the local clock with a provider's, after a "Timestamp out of bounds" answer.
//!
//! Core still reads no clock: the caller passes `now`. [`ClockCorrection`] only remembers, per provider
//! host, the offset that host's `Date` showed, and decides whether a request should be signed again, so
//! every adapter applies the same rule (through [`crate::step::Exchange`]).

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use std::sync::{Mutex, PoisonError};

use http::Response;

use crate::base_string::default_port;
use crate::nonce::Timestamp;
use crate::response::clock_skew;

/// The largest offset learned: a day either way. A `Date` further off is a broken or hostile answer
/// (`Date: Thu, 01 Jan 1970 …` would stamp every later request `1`), not a clock to follow.
pub const MAX_SKEW_SECS: i64 = 86_400;

/// Hosts remembered at most; the one learned longest ago is forgotten first.
const MAX_HOSTS: usize = 64;

/// The offsets between the local clock and providers' clocks, learned from their answers, one per host
/// (`scheme://host:port`): what one provider's `Date` says never moves the timestamps sent to another.
/// Clones share what is learned. Off by default: a wrong clock is better fixed than hidden.
///
/// ```
/// use oauth1_core::Timestamp;
/// use oauth1_core::clock::ClockCorrection;
///
/// let clock = ClockCorrection::default().enabled(true);
/// let now = Timestamp::from_secs(1_699_999_000);
/// let answer = http::Response::builder()
///     .status(401)
///     .header("date", "Tue, 14 Nov 2023 22:13:20 GMT") // 1700000000
///     .body(r#"{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}"#)
///     .unwrap();
/// // Sign again once, stamped with the provider's time.
/// assert!(clock.learn("https://api.x.com", &answer, now));
/// assert_eq!(clock.offset("https://api.x.com"), 1000);
/// assert_eq!(clock.timestamp("https://api.x.com", now), Timestamp::from_secs(1_700_000_000));
/// // Other hosts are not affected, and any other answer changes nothing.
/// assert_eq!(clock.offset("https://upload.x.com"), 0);
/// assert!(!clock.learn("https://api.x.com", &http::Response::new(""), now));
/// ```
#[derive(Clone, Debug, Default)]
pub struct ClockCorrection {
    enabled: bool,
    /// `(origin, seconds to add to the local clock)`, most recently learned last.
    offsets: Arc<Mutex<Vec<(String, i64)>>>,
}

impl ClockCorrection {
    /// Whether answers may correct the clock.
    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The offset learned for `origin` (`scheme://host:port` as [`origin`] writes it), in seconds; 0
    /// until a correction happened.
    pub fn offset(&self, origin: &str) -> i64 {
        self.with_offsets(|offsets| {
            offsets
                .iter()
                .find(|(known, _)| known == origin)
                .map_or(0, |(_, offset)| *offset)
        })
    }

    /// `now` corrected by `origin`'s learned offset: the timestamp to sign with.
    pub fn timestamp(&self, origin: &str, now: Timestamp) -> Timestamp {
        now.offset_by(self.offset(origin))
    }

    /// [`ClockCorrection::timestamp`] for a request to `uri` (its [`origin`]): what an adapter signs
    /// a request with when it sends it outside an [`Exchange`](crate::step::Exchange), once.
    pub fn timestamp_for(&self, uri: &http::Uri, now: Timestamp) -> Timestamp {
        self.timestamp(&origin(uri), now)
    }

    /// Reads `origin`'s answer to a request signed at local time `now`. When correction is enabled and
    /// the answer is a 401 "Timestamp out of bounds" carrying a `Date` at most [`MAX_SKEW_SECS`] away,
    /// records the offset for `origin` and returns `true`: sign the request once more, with a fresh
    /// nonce and [`ClockCorrection::timestamp`].
    pub fn learn<B: AsRef<[u8]>>(&self, origin: &str, response: &Response<B>, now: Timestamp) -> bool {
        let skew = clock_skew(response, now)
            .filter(|skew| self.enabled && skew.unsigned_abs() <= MAX_SKEW_SECS.unsigned_abs());
        let Some(skew) = skew else {
            return false;
        };
        self.with_offsets(|offsets| {
            offsets.retain(|(known, _)| known != origin);
            if offsets.len() >= MAX_HOSTS {
                offsets.remove(0);
            }
            offsets.push((String::from(origin), skew));
        });
        true
    }

    fn with_offsets<R>(&self, f: impl FnOnce(&mut Vec<(String, i64)>) -> R) -> R {
        // A poisoned lock only means another thread panicked while holding it; the list is still whole.
        let mut offsets = self.offsets.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut offsets)
    }
}

/// `scheme://host:port` of `uri` (the port only when given and not the scheme's default, so
/// `https://a:443` is `https://a`), lowercased: the key clock offsets are learned under. Userinfo
/// (`user:password@`) is left out. Empty for a relative URI.
pub fn origin(uri: &http::Uri) -> String {
    let mut out = String::new();
    if let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) {
        out.push_str(scheme);
        out.push_str("://");
        out.push_str(host);
        let https = scheme.eq_ignore_ascii_case("https");
        let default_port = (https || scheme.eq_ignore_ascii_case("http")).then(|| default_port(https));
        if let Some(port) = uri.port().filter(|port| Some(port.as_u16()) != default_port) {
            out.push(':');
            out.push_str(port.as_str());
        }
        out.make_ascii_lowercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skew_answer(date: &str) -> Response<&'static str> {
        Response::builder()
            .status(401)
            .header("date", date)
            .body(r#"{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}"#)
            .unwrap()
    }

    #[test]
    fn a_problem_reporting_refusal_teaches_the_providers_clock() {
        let clock = ClockCorrection::default().enabled(true);
        let now = Timestamp::from_secs(1_699_999_000);
        let jira = Response::builder()
            .status(401)
            .body("oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1699999700-1700000300")
            .unwrap();
        assert!(clock.learn("https://jira.example.com", &jira, now));
        assert_eq!(clock.offset("https://jira.example.com"), 1000);
        // A request to that origin (any path, the default port spelled out) is signed with it.
        let uri: http::Uri = "https://JIRA.example.com:443/rest/api/2/issue".parse().unwrap();
        assert_eq!(
            clock.timestamp_for(&uri, now),
            Timestamp::from_secs(1_700_000_000)
        );
        // Another problem teaches nothing.
        let invalid = Response::builder()
            .status(401)
            .body("oauth_problem=signature_invalid")
            .unwrap();
        assert!(!clock.learn("https://jira.example.com", &invalid, now));
    }

    #[test]
    fn an_absurd_date_is_not_learned() {
        let clock = ClockCorrection::default().enabled(true);
        let now = Timestamp::from_secs(1_700_000_000);
        assert!(!clock.learn("https://a", &skew_answer("Thu, 01 Jan 1970 00:00:01 GMT"), now));
        assert_eq!(clock.offset("https://a"), 0);
        // A day and a bit is too far; under a day is learned.
        assert!(!clock.learn("https://a", &skew_answer("Thu, 16 Nov 2023 00:00:00 GMT"), now));
        assert!(clock.learn("https://a", &skew_answer("Wed, 15 Nov 2023 12:00:00 GMT"), now));
    }

    #[test]
    fn offsets_are_per_origin_and_bounded_in_number() {
        let clock = ClockCorrection::default().enabled(true);
        let now = Timestamp::from_secs(1_699_999_000);
        for i in 0..=MAX_HOSTS {
            let origin = alloc::format!("https://h{i}");
            assert!(clock.learn(&origin, &skew_answer("Tue, 14 Nov 2023 22:13:20 GMT"), now));
        }
        assert_eq!(clock.offset("https://h0"), 0, "the oldest host is forgotten");
        assert_eq!(clock.offset(&alloc::format!("https://h{MAX_HOSTS}")), 1000);
        let uri: http::Uri = "HTTPS://API.X.com:8443/a?b".parse().unwrap();
        assert_eq!(origin(&uri), "https://api.x.com:8443");
        let uri: http::Uri = "https://user:secret@api.x.com/a".parse().unwrap();
        assert_eq!(origin(&uri), "https://api.x.com");
    }

    #[test]
    fn a_default_port_names_the_same_origin_as_none() {
        let origin_of = |uri: &str| origin(&uri.parse().unwrap());
        assert_eq!(origin_of("https://api.x.com:443/a"), "https://api.x.com");
        assert_eq!(origin_of("HTTP://api.x.com:80/"), "http://api.x.com");
        // Another scheme's default port is not this one's.
        assert_eq!(origin_of("http://api.x.com:443/"), "http://api.x.com:443");
        assert_eq!(origin_of("https://api.x.com:80/"), "https://api.x.com:80");
    }
}
