//! Remembering nonces, so that a captured request cannot be sent again (RFC 5849 §3.3).

use alloc::collections::{BTreeMap, BTreeSet};

use sha2::Digest as _;

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
    /// The store cannot record another nonce for these credentials. The request is refused (accepting
    /// it unrecorded would let it be replayed); other credentials are not affected.
    Full {
        /// Seconds until this client's oldest recorded nonce leaves the window and frees a place.
        retry_after_secs: u64,
    },
}

/// Records nonces and says whether one was seen before.
///
/// The checker asks the store last, once the signature is known to be good, so unauthenticated requests
/// cannot fill it. When several servers verify, implement it over a shared store: in Redis,
/// `SET oauth1:nonce:<digest> 1 NX EXAT <timestamp + window>` is one atomic check-and-record (a reply of
/// `nil` is [`NonceCheck::Replayed`]), and a per-client counter (`INCR` with the same expiry) gives
/// [`NonceCheck::Full`]. For one process, [`MemoryReplayStore`] is enough.
pub trait ReplayStore {
    /// Checks `nonce` and records it if it is fresh.
    fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck;
}

impl<S: ReplayStore + ?Sized> ReplayStore for &mut S {
    fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck {
        (**self).check_and_record(nonce)
    }
}

/// 96 bits of SHA-256: a nonce or a client in the store. Two nonces of one client collide (a false
/// "replayed") with probability about n² / 2^97: under 10^-15 for the 6 million nonces a client of the
/// reference provider holds at its peak.
type Digest = [u8; 12];

/// A timestamp in the store: seconds, as 32 bits (enough until 2106; a later one is kept as
/// `u32::MAX`, which only merges timestamps, so it can refuse more, never accept a replay).
fn seconds(timestamp: Timestamp) -> u32 {
    u32::try_from(timestamp.as_secs()).unwrap_or(u32::MAX)
}

/// A bounded in-memory [`ReplayStore`] with a quota per client.
///
/// A *client* is one pair of credentials (consumer key and token, or the consumer key alone). Each
/// client may hold `per_client` nonces inside the window; a client that sends more is refused
/// ([`NonceCheck::Full`], with the seconds until its oldest nonce expires) while every other client
/// goes on. Nonces are forgotten once their timestamp has left the window.
///
/// **Memory.** Each recorded nonce is a 12-byte digest plus a 4-byte timestamp, about 24 bytes with
/// the tree's overhead, and each client with a nonce in the window about 100 bytes more; at most
/// `per_client × max_clients` nonces are held. A client that is not yet in the store when `max_clients`
/// clients already are is refused the same way, until one of them has nothing left in the window.
///
/// **Sizing.** A nonce lives until its timestamp is older than `now − window`: up to `2 × window`
/// seconds for a request stamped in the future, `window` seconds for one stamped now. So `per_client`
/// should be at least the busiest client's request rate × `2 × window`: with the default 300 s window,
/// 100 requests a second per client need 60,000. The reference provider uses 6,000,000 (≈ 150 MB at
/// most for one client), enough for one client at its highest sustained rate (13,000 requests a
/// second on the machine of BENCHMARKS.md, signed with the current time).
///
/// ```
/// use oauth1_core::Timestamp;
/// use oauth1_core::verify::{MemoryReplayStore, NonceCheck, NonceUse, ReplayStore};
///
/// let mut store = MemoryReplayStore::new(1);
/// let at = |token: &'static str, nonce: &'static str, now: u64| NonceUse {
///     consumer_key: "key",
///     token: Some(token),
///     nonce,
///     timestamp: Timestamp::from_secs(1000),
///     oldest_accepted: Timestamp::from_secs(now - 300),
/// };
/// assert_eq!(store.check_and_record(&at("alice", "n1", 1000)), NonceCheck::Fresh);
/// assert_eq!(store.check_and_record(&at("alice", "n1", 1100)), NonceCheck::Replayed);
/// // Alice's quota is spent; Bob is not affected.
/// assert_eq!(store.check_and_record(&at("alice", "n2", 1100)), NonceCheck::Full { retry_after_secs: 201 });
/// assert_eq!(store.check_and_record(&at("bob", "n2", 1100)), NonceCheck::Fresh);
/// // Once timestamp 1000 is out of the window the checker rejects it as stale, so the nonce is forgotten.
/// assert_eq!(store.check_and_record(&at("alice", "n2", 1301)), NonceCheck::Fresh);
/// assert_eq!(store.len(), 1);
/// ```
#[derive(Debug)]
pub struct MemoryReplayStore {
    per_client: usize,
    max_clients: usize,
    /// Each client's nonces, `(timestamp, nonce digest)`, oldest first: 16 bytes each.
    clients: BTreeMap<Digest, BTreeSet<(u32, Digest)>>,
    /// `(timestamp, client)` for every timestamp a client holds, oldest first: what to forget next.
    expiry: BTreeSet<(u32, Digest)>,
    len: usize,
}

/// The default limit on clients with nonces in the window.
pub const DEFAULT_MAX_CLIENTS: usize = 100_000;

impl MemoryReplayStore {
    /// A store that holds at most `per_client` nonces for each client, and nonces of at most
    /// [`DEFAULT_MAX_CLIENTS`] clients.
    pub fn new(per_client: usize) -> Self {
        Self {
            per_client,
            max_clients: DEFAULT_MAX_CLIENTS,
            clients: BTreeMap::new(),
            expiry: BTreeSet::new(),
            len: 0,
        }
    }

    /// Holds nonces of at most `max_clients` clients at a time.
    #[must_use]
    pub fn max_clients(mut self, max_clients: usize) -> Self {
        self.max_clients = max_clients;
        self
    }

    /// How many nonces are held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no nonce is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many clients have nonces held.
    pub fn clients(&self) -> usize {
        self.clients.len()
    }

    /// Forgets every nonce whose timestamp is older than `oldest`.
    fn forget_before(&mut self, oldest: u32) {
        while let Some(&(timestamp, client)) = self.expiry.first() {
            if timestamp >= oldest {
                break;
            }
            self.expiry.pop_first();
            let Some(nonces) = self.clients.get_mut(&client) else {
                continue;
            };
            while nonces.first().is_some_and(|(ts, _)| *ts < oldest) {
                nonces.pop_first();
                self.len -= 1;
            }
            if nonces.is_empty() {
                self.clients.remove(&client);
            }
        }
    }
}

impl ReplayStore for MemoryReplayStore {
    fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck {
        let oldest = seconds(nonce.oldest_accepted);
        self.forget_before(oldest);
        let (client, digest) = digests(nonce);
        let timestamp = seconds(nonce.timestamp);
        // Seconds until an entry stamped `ts` leaves the window (at least 1).
        let wait = |ts: u32| u64::from(ts.saturating_sub(oldest)) + 1;
        if !self.clients.contains_key(&client) && self.clients.len() >= self.max_clients {
            let next = self.expiry.first().map_or(oldest, |(ts, _)| *ts);
            return NonceCheck::Full {
                retry_after_secs: wait(next),
            };
        }
        let nonces = self.clients.entry(client).or_default();
        if nonces.contains(&(timestamp, digest)) {
            return NonceCheck::Replayed;
        }
        if nonces.len() >= self.per_client {
            let next = nonces.first().map_or(oldest, |(ts, _)| *ts);
            if nonces.is_empty() {
                // A quota of zero: nothing will ever free a place.
                self.clients.remove(&client);
            }
            return NonceCheck::Full {
                retry_after_secs: wait(next),
            };
        }
        nonces.insert((timestamp, digest));
        self.expiry.insert((timestamp, client));
        self.len += 1;
        NonceCheck::Fresh
    }
}

/// The client's digest (consumer key and token) and the nonce's, each input length-prefixed so that no
/// two uses share them.
fn digests(nonce: &NonceUse<'_>) -> (Digest, Digest) {
    let mut client = sha2::Sha256::new();
    for part in [nonce.consumer_key, nonce.token.unwrap_or_default()] {
        client.update((part.len() as u64).to_le_bytes());
        client.update(part.as_bytes());
    }
    client.update([u8::from(nonce.token.is_some())]);
    let client = truncate(client.finalize().as_slice());
    let digest = truncate(sha2::Sha256::digest(nonce.nonce.as_bytes()).as_slice());
    (client, digest)
}

fn truncate(digest: &[u8]) -> Digest {
    let mut out = [0; 12];
    let prefix = digest.get(..12);
    #[allow(clippy::expect_used)] // SHA-256 gives 32 bytes.
    out.copy_from_slice(prefix.expect("a SHA-256 digest is longer than 12 bytes"));
    out
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
        assert!(store.is_empty());
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
        // Every fresh use is held, a replay is not held twice; five pairs of credentials.
        assert_eq!((store.len(), store.is_empty()), (6, false));
        assert_eq!(store.clients(), 5);
    }

    /// The window's oldest second is inside it: a nonce stamped with it is still held, and its replay
    /// refused, while older ones of the same client are forgotten.
    #[test]
    fn a_nonce_at_the_oldest_accepted_second_is_still_held() {
        let mut store = MemoryReplayStore::new(100);
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "old", 700)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&nonce_use("k", None, "n", 1000)),
            NonceCheck::Fresh
        );
        let at_the_edge = NonceUse {
            oldest_accepted: Timestamp::from_secs(1000),
            ..nonce_use("k", None, "n", 1000)
        };
        assert_eq!(store.check_and_record(&at_the_edge), NonceCheck::Replayed);
        assert_eq!((store.len(), store.clients()), (1, 1));
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
            NonceCheck::Full {
                retry_after_secs: 301
            }
        );
        // Another client is not affected.
        assert_eq!(
            store.check_and_record(&nonce_use("k", Some("t"), "3", 1000)),
            NonceCheck::Fresh
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
        assert_eq!((store.len(), store.clients()), (1, 1));
    }
}

#[cfg(test)]
mod bounds {
    use super::*;

    fn at<'a>(token: &'a str, nonce: &'a str, ts: u64, now: u64) -> NonceUse<'a> {
        NonceUse {
            consumer_key: "k",
            token: Some(token),
            nonce,
            timestamp: Timestamp::from_secs(ts),
            oldest_accepted: Timestamp::from_secs(now - 300),
        }
    }

    #[test]
    fn one_client_filling_its_quota_with_future_timestamps_locks_out_nobody_else() {
        let mut store = MemoryReplayStore::new(1000);
        for i in 0..1000 {
            let n = alloc::format!("{i}");
            assert_eq!(
                store.check_and_record(&at("greedy", &n, 1300, 1000)),
                NonceCheck::Fresh
            );
        }
        assert!(matches!(
            store.check_and_record(&at("greedy", "x", 1300, 1000)),
            NonceCheck::Full {
                retry_after_secs: 601
            }
        ));
        for i in 0..100 {
            let (token, n) = (alloc::format!("other-{i}"), alloc::format!("{i}"));
            assert_eq!(
                store.check_and_record(&at(&token, &n, 1000, 1000)),
                NonceCheck::Fresh
            );
        }
        // Everything is forgotten once out of the window.
        assert_eq!(
            store.check_and_record(&at("late", "n", 1700, 1700)),
            NonceCheck::Fresh
        );
        assert_eq!((store.len(), store.clients()), (1, 1));
    }

    #[test]
    fn the_client_limit_refuses_only_new_clients() {
        let mut store = MemoryReplayStore::new(10).max_clients(2);
        assert_eq!(
            store.check_and_record(&at("a", "1", 1000, 1000)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&at("b", "1", 1010, 1010)),
            NonceCheck::Fresh
        );
        assert_eq!(
            store.check_and_record(&at("c", "1", 1010, 1010)),
            NonceCheck::Full {
                retry_after_secs: 291
            }
        );
        assert_eq!(
            store.check_and_record(&at("a", "2", 1010, 1010)),
            NonceCheck::Fresh
        );
        // Once "a" has nothing left in the window, "c" gets its place.
        assert_eq!(
            store.check_and_record(&at("c", "1", 1311, 1311)),
            NonceCheck::Fresh
        );
    }
}
