//! Correcting the local clock with the provider's, after a "Timestamp out of bounds" answer.
//!
//! Core still reads no clock: the caller passes `now`. [`ClockCorrection`] only remembers the offset the
//! provider's `Date` showed and decides whether a request should be signed again, so every adapter
//! applies the same rule.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicI64, Ordering};

use http::Response;

use crate::nonce::Timestamp;
use crate::response::clock_skew;

/// The offset between the local clock and the provider's, learned from its answers. Clones share the
/// offset. Off by default: a wrong clock is better fixed than hidden.
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
/// assert!(clock.learn(&answer, now));
/// assert_eq!(clock.offset(), 1000);
/// assert_eq!(clock.timestamp(now), Timestamp::from_secs(1_700_000_000));
/// // Any other answer changes nothing.
/// assert!(!clock.learn(&http::Response::new(""), now));
/// ```
#[derive(Clone, Debug, Default)]
pub struct ClockCorrection {
    enabled: bool,
    /// Seconds to add to the local clock.
    offset: Arc<AtomicI64>,
}

impl ClockCorrection {
    /// Whether answers may correct the clock.
    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The offset learned so far, in seconds (0 until a correction happened).
    pub fn offset(&self) -> i64 {
        self.offset.load(Ordering::Relaxed)
    }

    /// `now` corrected by the learned offset: the timestamp to sign with.
    pub fn timestamp(&self, now: Timestamp) -> Timestamp {
        now.offset_by(self.offset())
    }

    /// Reads the answer to a request signed at local time `now`. When correction is enabled and the
    /// answer is a 401 "Timestamp out of bounds" carrying a `Date`, records the offset and returns `true`:
    /// sign the request once more, with a fresh nonce and [`ClockCorrection::timestamp`].
    pub fn learn<B: AsRef<[u8]>>(&self, response: &Response<B>, now: Timestamp) -> bool {
        let Some(skew) = clock_skew(response, now).filter(|_| self.enabled) else {
            return false;
        };
        self.offset.store(skew, Ordering::Relaxed);
        true
    }
}
