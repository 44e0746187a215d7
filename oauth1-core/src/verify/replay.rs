//! Remembering nonces, so that a captured request cannot be sent again (RFC 5849 §3.3).

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use crate::nonce::Timestamp;

/// One use of a nonce, as the verifier hands it to a [`ReplayStore`].
///
/// RFC 5849 §3.3 makes the nonce unique per timestamp and credentials, so all four identify a use.
#[derive(Clone, Copy, Debug)]
pub struct NonceUse<'a> {
    /// `oauth_consumer_key`.
    pub consumer_key: &'a str,
    /// `oauth_token`, if the request carries one.
    pub token: Option<&'a str>,
    /// `oauth_nonce`.
    pub nonce: &'a str,
    /// `oauth_timestamp`.
    pub timestamp: Timestamp,
    /// Requests with a timestamp older than this are rejected as stale before the store is asked, so the
    /// store may forget every nonce used with an older timestamp.
    pub oldest_accepted: Timestamp,
}

/// What a [`ReplayStore`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NonceCheck {
    /// The nonce was not seen before, and is now recorded.
    Fresh,
    /// The nonce was already used with this timestamp and these credentials.
    Replayed,
    /// The store cannot record another nonce. The request is refused: accepting it unrecorded would let
    /// it be replayed.
    Full,
}

/// Records nonces and says whether one was seen before.
///
/// The verifier asks the store last, once the signature is known to be good, so unauthenticated requests
/// cannot fill it. Implement it over a shared cache (Redis, a database) when several servers verify; for
/// one process, [`MemoryReplayStore`] is enough.
pub trait ReplayStore {
    /// Checks `nonce` and records it if it is fresh.
    fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck;
}

impl<S: ReplayStore + ?Sized> ReplayStore for &mut S {
    fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck {
        (**self).check_and_record(nonce)
    }
}

/// A bounded in-memory [`ReplayStore`]: it forgets nonces whose timestamp has left the window, and refuses
/// new ones ([`NonceCheck::Full`]) when `capacity` nonces inside the window are already held.
///
/// ```
/// use oauth1_core::Timestamp;
/// use oauth1_core::verify::{MemoryReplayStore, NonceCheck, NonceUse, ReplayStore};
///
/// let mut store = MemoryReplayStore::new(10_000);
/// let use_at = |now: u64| NonceUse {
///     consumer_key: "key",
///     token: None,
///     nonce: "abc",
///     timestamp: Timestamp::from_secs(1000),
///     oldest_accepted: Timestamp::from_secs(now - 300),
/// };
/// assert_eq!(store.check_and_record(&use_at(1000)), NonceCheck::Fresh);
/// assert_eq!(store.check_and_record(&use_at(1100)), NonceCheck::Replayed);
/// // Once timestamp 1000 is out of the window the verifier rejects it as stale, so the nonce is forgotten.
/// assert_eq!(store.check_and_record(&use_at(1400)), NonceCheck::Fresh);
/// assert_eq!(store.len(), 1);
/// ```
#[derive(Debug)]
pub struct MemoryReplayStore {
    /// `(timestamp, key)`, ordered by timestamp so the oldest are forgotten first.
    seen: BTreeSet<(u64, Vec<u8>)>,
    capacity: usize,
}

impl MemoryReplayStore {
    /// A store that holds at most `capacity` nonces at a time.
    pub fn new(capacity: usize) -> Self {
        Self {
            seen: BTreeSet::new(),
            capacity,
        }
    }

    /// How many nonces are held.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether no nonce is held.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

impl ReplayStore for MemoryReplayStore {
    fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck {
        let oldest = nonce.oldest_accepted.as_secs();
        while self.seen.first().is_some_and(|(ts, _)| *ts < oldest) {
            self.seen.pop_first();
        }
        let entry = (nonce.timestamp.as_secs(), key(nonce));
        if self.seen.contains(&entry) {
            NonceCheck::Replayed
        } else if self.seen.len() >= self.capacity {
            NonceCheck::Full
        } else {
            self.seen.insert(entry);
            NonceCheck::Fresh
        }
    }
}

/// The credentials and the nonce, each length-prefixed so that no two uses share a key.
fn key(nonce: &NonceUse<'_>) -> Vec<u8> {
    let token = nonce.token.unwrap_or_default();
    let mut key = Vec::with_capacity(16 + nonce.consumer_key.len() + token.len() + nonce.nonce.len());
    for part in [nonce.consumer_key, token] {
        key.extend_from_slice(&(part.len() as u64).to_le_bytes());
        key.extend_from_slice(part.as_bytes());
    }
    key.extend_from_slice(nonce.nonce.as_bytes());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nonce_use<'a>(key: &'a str, token: Option<&'a str>, nonce: &'a str, ts: u64) -> NonceUse<'a> {
        NonceUse {
            consumer_key: key,
            token,
            nonce,
            timestamp: Timestamp::from_secs(ts),
            oldest_accepted: Timestamp::from_secs(ts.saturating_sub(300)),
        }
    }

    #[test]
    fn a_nonce_is_unique_per_timestamp_and_credentials() {
        let mut store = MemoryReplayStore::new(100);
        assert_eq!(
            store.check_and_record(&nonce_use("k", Some("t"), "n", 1000)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", Some("t"), "n", 1000)),
            NonceCheck::Replayed
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", Some("t"), "n", 1001)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "n", 1000)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", Some("u"), "n", 1000)),
            NonceCheck::Fresh
        );
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        assert_eq!(
            store.check_and_record(&nonce_use("ab", Some("c"), "n", 1000)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("a", Some("bc"), "n", 1000)),
            NonceCheck::Fresh
        );
    }

    #[test]
    fn a_full_store_refuses_until_old_nonces_leave_the_window() {
        let mut store = MemoryReplayStore::new(2);
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "1", 1000)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "2", 1000)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "3", 1000)),
            NonceCheck::Full
        );
        // A replay is still recognised when full.
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "1", 1000)),
            NonceCheck::Replayed
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "3", 1301)),
            NonceCheck::Fresh
        );
        assert_eq!(store.len(), 1);
    }
}
