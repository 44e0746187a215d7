//! The nonce and the timestamp of a request (RFC 5849 §3.3).
//!
//! Both are inputs: core never reads a clock or an RNG on its own. A [`Nonce`] is drawn from any
//! `rand_core` CSPRNG the caller passes, or given verbatim (tests, replaying a published example).

use core::fmt;

use rand_core::{CryptoRng, TryCryptoRng};

use crate::error::{InputError, InputProblem};

/// The longest nonce accepted, in bytes. Generated nonces are 32 characters.
pub const MAX_NONCE_LEN: usize = 64;

const GENERATED_LEN: usize = 32;
const _: () = assert!(GENERATED_LEN <= MAX_NONCE_LEN);
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// What [`Nonce::new`] asks of each octet, as bits of [`CLASS`].
const PRINTABLE: u8 = 1;
const UNRESERVED: u8 = 2;
const CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b: u8 = 0;
    loop {
        if b == b' ' || b.is_ascii_graphic() {
            table[b as usize] |= PRINTABLE;
        }
        if crate::encode::is_unreserved(b) {
            table[b as usize] |= UNRESERVED;
        }
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

/// A request nonce: 1 to [`MAX_NONCE_LEN`] printable ASCII characters.
///
/// Providers (Twitter/X among them) reject non-ASCII nonces, so a caller-supplied nonce is checked.
/// Stored inline: making one never allocates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Nonce {
    len: u8,
    bytes: [u8; MAX_NONCE_LEN],
    /// Whether every character is unreserved, so that the nonce is its own OAuth encoding (generated
    /// nonces always are).
    unreserved: bool,
}

impl Nonce {
    /// A caller-chosen nonce.
    ///
    /// # Errors
    /// The nonce is empty, longer than [`MAX_NONCE_LEN`] bytes, or holds a character outside printable
    /// ASCII (`' '..='~'`).
    ///
    /// ```
    /// use oauth1_core::Nonce;
    ///
    /// assert_eq!(Nonce::new("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg").unwrap().as_str().len(), 42);
    /// assert!(Nonce::new("").is_err());
    /// assert!(Nonce::new("nonce-ü").is_err());
    /// ```
    ///
    /// # Panics
    /// Never: the length is checked before the nonce is stored.
    pub fn new(value: &str) -> Result<Self, InputError> {
        // One pass, one lookup per octet, finds both whether it is printable and whether it is its own
        // OAuth encoding (a verifier checks every nonce it receives).
        let class = value
            .bytes()
            .fold(PRINTABLE | UNRESERVED, |class, b| class & CLASS[usize::from(b)]);
        let (printable, unreserved) = (class & PRINTABLE != 0, class & UNRESERVED != 0);
        let problem = if value.is_empty() {
            Some(InputProblem::Empty)
        } else if value.len() > MAX_NONCE_LEN {
            Some(InputProblem::TooLong { max: MAX_NONCE_LEN })
        } else if !printable {
            Some(InputProblem::NotPrintableAscii)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(InputError::new("nonce", problem));
        }
        let mut bytes = [0; MAX_NONCE_LEN];
        let (len, slot) = (u8::try_from(value.len()), bytes.get_mut(..value.len()));
        #[allow(clippy::expect_used)] // The length was checked against MAX_NONCE_LEN (64) above.
        let (len, slot) = (
            len.expect("a nonce of at most 64 bytes has a u8 length"),
            slot.expect("a nonce of at most 64 bytes fits the buffer"),
        );
        slot.copy_from_slice(value.as_bytes());
        Ok(Self {
            len,
            bytes,
            unreserved,
        })
    }

    /// 32 random alphanumeric characters (190 bits) from a cryptographically secure RNG.
    ///
    /// ```
    /// # use oauth1_core::Nonce;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// # use rand::SeedableRng;
    /// let nonce = Nonce::generate(&mut rng);
    /// assert_eq!(nonce.as_str().len(), 32);
    /// assert!(nonce.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
    /// ```
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        // A `CryptoRng` is a `TryCryptoRng` whose error cannot exist.
        match Self::try_generate(rng) {
            Ok(nonce) => nonce,
            Err(never) => match never {},
        }
    }

    /// Like [`Nonce::generate`], for an RNG that can fail (such as the operating system's).
    ///
    /// # Errors
    /// Whatever the RNG reports.
    pub fn try_generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, R::Error> {
        let mut nonce = Self {
            len: 0,
            bytes: [0; MAX_NONCE_LEN],
            unreserved: true,
        };
        let mut pool = [0u8; 64];
        while usize::from(nonce.len) < GENERATED_LEN {
            rng.try_fill_bytes(&mut pool)?;
            nonce.take_from(&pool);
        }
        Ok(nonce)
    }

    /// Appends alphabet characters drawn from `pool` by rejection sampling (uniform over 62 symbols).
    fn take_from(&mut self, pool: &[u8]) {
        // 248 = 4 × 62: bytes at or above it would bias the draw, so they are skipped.
        for &byte in pool.iter().filter(|&&b| b < 248) {
            let len = usize::from(self.len);
            if len == GENERATED_LEN {
                break;
            }
            // Both indexes hold: `len` < GENERATED_LEN <= MAX_NONCE_LEN (asserted at compile time), and
            // `byte % 62` < 62. A silent skip here would make `generate` loop forever instead.
            self.bytes[len] = ALPHABET[usize::from(byte % 62)];
            self.len += 1;
        }
    }

    /// Whether the nonce is its own OAuth encoding.
    pub(crate) const fn is_unreserved(&self) -> bool {
        self.unreserved
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        let bytes = self.bytes.get(..usize::from(self.len));
        #[allow(clippy::expect_used)] // `new` and `generate` store at most MAX_NONCE_LEN bytes.
        bytes.expect("the nonce's length is within its buffer")
    }

    /// The nonce as sent in `oauth_nonce`.
    ///
    /// # Panics
    /// Never: a nonce holds 1 to 64 printable ASCII bytes by construction.
    pub fn as_str(&self) -> &str {
        let text = self
            .bytes
            .get(..usize::from(self.len))
            .and_then(|bytes| core::str::from_utf8(bytes).ok());
        #[allow(clippy::expect_used)] // Only 1 to 64 printable ASCII bytes ever get in.
        text.expect("a nonce holds len printable ASCII bytes")
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nonce").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request timestamp: whole seconds since the Unix epoch, as `oauth_timestamp` carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

impl Timestamp {
    /// A timestamp of `secs` seconds since 1970-01-01T00:00:00Z.
    pub const fn from_secs(secs: u64) -> Self {
        Self(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// The system clock's current time. This is the only place core reads a clock, and only with the
    /// `std` feature; core's own functions take the timestamp as an argument.
    ///
    /// Absent on `wasm32-unknown-unknown`, whose standard library has no clock (`SystemTime::now`
    /// panics there): pass the host's time instead, e.g. `Timestamp::from_secs` of JavaScript's
    /// `Date.now() / 1000`. A missing function is a compile error; a panic would be a surprise.
    ///
    /// # Errors
    /// [`ClockError`](crate::ClockError) when the clock reads a time before 1970: no timestamp a
    /// provider accepts can be sent, and stamping `0` would only move the failure to the provider.
    #[cfg(all(feature = "std", not(all(target_family = "wasm", target_os = "unknown"))))]
    pub fn now() -> Result<Self, crate::ClockError> {
        Self::at(std::time::SystemTime::now())
    }

    /// The timestamp of `time`, whole seconds since the epoch.
    #[cfg(all(feature = "std", not(all(target_family = "wasm", target_os = "unknown"))))]
    fn at(time: std::time::SystemTime) -> Result<Self, crate::ClockError> {
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(since_epoch) => Ok(Self(since_epoch.as_secs())),
            Err(early) => Err(crate::ClockError {
                before_epoch_secs: early.duration().as_secs(),
            }),
        }
    }

    /// This timestamp moved by `offset` seconds (saturating): the local clock corrected by a measured skew.
    ///
    /// ```
    /// use oauth1_core::Timestamp;
    ///
    /// assert_eq!(Timestamp::from_secs(1000).offset_by(-30), Timestamp::from_secs(970));
    /// assert_eq!(Timestamp::from_secs(5).offset_by(-30), Timestamp::from_secs(0));
    /// ```
    #[must_use]
    pub const fn offset_by(self, offset: i64) -> Self {
        Self(self.0.saturating_add_signed(offset))
    }

    /// The decimal digits, held inline: two at a time from a table of pairs, the position kept in a
    /// local (a counter in the struct was a store and reload per digit on the signing path).
    pub(crate) fn digits(self) -> Digits {
        const PAIRS: &[u8; 200] = b"\
            0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839\
            4041424344454647484950515253545556575859\
            6061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899";
        let pair = |n: u64| {
            let at = (n % 100) as usize * 2;
            [PAIRS[at], PAIRS[at + 1]]
        };
        let mut buf = [0u8; 20];
        // `u64::MAX` has 20 digits: at most nine pairs here, then one or two digits below.
        let (mut n, mut start) = (self.0, buf.len());
        while n >= 100 {
            start -= 2;
            buf[start..start + 2].copy_from_slice(&pair(n));
            n /= 100;
        }
        if n >= 10 {
            start -= 2;
            buf[start..start + 2].copy_from_slice(&pair(n));
        } else {
            // Below ten, the pair is `0` and the digit.
            start -= 1;
            buf[start] = pair(n)[1];
        }
        #[allow(clippy::expect_used)] // `start` is at most 20.
        let start = u8::try_from(start).expect("the digits start inside a 20-octet buffer");
        Digits { buf, start }
    }
}

/// A [`Timestamp`]'s (or a port's) decimal digits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Digits {
    buf: [u8; 20],
    start: u8,
}

impl Digits {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        let digits = self.buf.get(usize::from(self.start)..);
        #[allow(clippy::expect_used)] // `digits` writes at most 20 digits and stops `start` at the first.
        digits.expect("the digits start inside the buffer")
    }

    pub(crate) fn as_str(&self) -> &str {
        let text = core::str::from_utf8(self.as_bytes());
        #[allow(clippy::expect_used)] // Only ASCII digits are written.
        text.expect("the digits are ASCII")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_digits_match_display() {
        // Every digit count, at both of its ends, and values with zeros inside.
        let powers = (0..20).map(|k| 10u64.pow(k));
        let edges = powers.flat_map(|p| [p - 1, p, p + 1, p.saturating_mul(5)]);
        let inner = [
            0,
            7,
            10,
            505,
            1_000_000_007,
            1_318_622_958,
            u64::MAX - 1,
            u64::MAX,
        ];
        for secs in edges.chain(inner) {
            assert_eq!(
                Timestamp::from_secs(secs).digits().as_str(),
                alloc::format!("{secs}")
            );
        }
    }

    #[cfg(feature = "std")]
    #[test]
    fn a_clock_before_the_epoch_is_an_error_not_timestamp_zero() {
        use std::time::{Duration, UNIX_EPOCH};

        let at = |secs_after: i64| {
            let offset = Duration::from_secs(secs_after.unsigned_abs());
            Timestamp::at(if secs_after < 0 {
                UNIX_EPOCH - offset
            } else {
                UNIX_EPOCH + offset
            })
        };
        assert_eq!(at(1_318_622_958), Ok(Timestamp::from_secs(1_318_622_958)));
        assert_eq!(at(0), Ok(Timestamp::from_secs(0)));
        let error = at(-90).unwrap_err();
        assert_eq!(error.before_epoch_secs(), 90);
        assert_eq!(
            error.to_string(),
            "the system clock reads 90 s before 1970-01-01T00:00:00Z: no request timestamp can be sent"
        );
    }

    #[test]
    fn nonce_rejects_control_characters_and_overlong_values() {
        assert_eq!(
            Nonce::new("a\nb").unwrap_err().problem(),
            &InputProblem::NotPrintableAscii
        );
        let long = "x".repeat(MAX_NONCE_LEN + 1);
        assert_eq!(
            Nonce::new(&long).unwrap_err().problem(),
            &InputProblem::TooLong { max: MAX_NONCE_LEN }
        );
        assert_eq!(Nonce::new(&long[1..]).unwrap().as_str(), &long[1..]);
    }

    /// Hands out the bytes of its script in order, then fails.
    struct Scripted(alloc::vec::IntoIter<u8>);

    #[derive(Debug, PartialEq)]
    struct Exhausted;

    impl fmt::Display for Exhausted {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the script ran out")
        }
    }

    impl core::error::Error for Exhausted {}

    impl rand_core::TryRng for Scripted {
        type Error = Exhausted;

        fn try_next_u32(&mut self) -> Result<u32, Exhausted> {
            let mut bytes = [0; 4];
            self.try_fill_bytes(&mut bytes)?;
            Ok(u32::from_le_bytes(bytes))
        }

        fn try_next_u64(&mut self) -> Result<u64, Exhausted> {
            let mut bytes = [0; 8];
            self.try_fill_bytes(&mut bytes)?;
            Ok(u64::from_le_bytes(bytes))
        }

        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Exhausted> {
            for slot in dst {
                *slot = self.0.next().ok_or(Exhausted)?;
            }
            Ok(())
        }
    }

    impl TryCryptoRng for Scripted {}

    /// 64 bytes of 255, then 64 of which every other one is 248 or more: bytes a draw must skip, as
    /// they would bias it.
    fn script() -> Vec<u8> {
        let mut script = alloc::vec![255; 64];
        for k in 0..32u8 {
            script.push(248 + k % 8);
            // k * 61 mod 248: 0, 61, 122, 183, 244, 57, ...
            script.push(u8::try_from(u16::from(k) * 61 % 248).unwrap());
        }
        script
    }

    #[test]
    fn generation_skips_biased_bytes_and_maps_the_rest_modulo_62() {
        // The first 64 bytes are all 255: nothing taken, so a second draw is made.
        let nonce = Nonce::try_generate(&mut Scripted(script().into_iter())).unwrap();
        // Each taken byte modulo 62 picks from A-Z, a-z, 0-9: 0 -> A, 61 -> 9, 122 -> 8, 183 -> 7, ...
        assert_eq!(nonce.as_str(), "A9876543210zyxwvutsrqponmlkjihgf");
        assert!(nonce.is_unreserved());
    }

    #[test]
    fn a_failing_rng_is_an_error_not_a_short_nonce() {
        // One draw of 64 biased bytes, then the RNG fails.
        assert_eq!(
            Nonce::try_generate(&mut Scripted(alloc::vec![255; 64].into_iter())).unwrap_err(),
            Exhausted
        );
    }

    proptest::proptest! {
        /// Whatever the RNG yields: the nonce is its first 32 bytes under 248, each modulo 62 into the
        /// alphabet, drawn 64 at a time; when a draw runs out first, an error, never a short nonce.
        #[test]
        fn a_nonce_is_the_first_32_unbiased_bytes_or_an_error(
            script in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)
        ) {
            let expected: Vec<u8> = (script.chunks_exact(64).flatten())
                .filter(|&&b| b < 248)
                .take(GENERATED_LEN)
                .map(|&b| b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[usize::from(b) % 62])
                .collect();
            match Nonce::try_generate(&mut Scripted(script.into_iter())) {
                Ok(nonce) => proptest::prop_assert_eq!(nonce.as_str().as_bytes(), &expected[..]),
                Err(Exhausted) => proptest::prop_assert!(expected.len() < GENERATED_LEN),
            }
        }
    }

    #[test]
    fn generate_draws_what_try_generate_draws() {
        use rand::SeedableRng;
        let (mut a, mut b) = (
            rand::rngs::StdRng::seed_from_u64(7),
            rand::rngs::StdRng::seed_from_u64(7),
        );
        assert_eq!(
            Nonce::generate(&mut a).as_str(),
            Nonce::try_generate(&mut b).unwrap().as_str()
        );
    }
}
