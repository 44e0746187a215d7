//! OAuth "Problem Reporting" (the oauth.net extension): a provider says what was wrong with a request
//! in `oauth_problem` and a few related parameters, in the `WWW-Authenticate: OAuth …` header, the
//! form-encoded body, or both. Atlassian Jira and Confluence and E*TRADE answer this way, for instance
//! `oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1700000000-1700000600`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use http::header::WWW_AUTHENTICATE;
use http::{HeaderMap, Response};

use crate::diagnose::EchoedBaseString;
use crate::encode::{form_decode, form_pairs, percent_decode_bytes};
use crate::error::printable;
use crate::verify::{AuthorizationHeader, Rejection};

/// What a provider reported as wrong, with the details it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// The problem.
    pub kind: ProblemKind,
    /// `oauth_acceptable_timestamps`: the provider's accepted range, `(earliest, latest)`, for
    /// [`ProblemKind::TimestampRefused`]. Its middle is the provider's clock.
    pub acceptable_timestamps: Option<(u64, u64)>,
    /// `oauth_acceptable_versions`, as sent (`1.0-1.0`), for [`ProblemKind::VersionRejected`].
    pub acceptable_versions: Option<String>,
    /// `oauth_parameters_absent`: the parameters the provider missed.
    pub parameters_absent: Vec<String>,
    /// `oauth_parameters_rejected`: the parameters the provider did not expect.
    pub parameters_rejected: Vec<String>,
    /// `oauth_problem_advice`: the provider's advice, for a person.
    pub advice: Option<String>,
    /// `oauth_signature_base_string`: the base string the provider computed, which Atlassian's
    /// provider sends with `signature_invalid` (compare it with [`crate::diagnose::compare`]).
    pub signature_base_string: Option<EchoedBaseString>,
}

/// The value of `oauth_problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// `version_rejected`: the `oauth_version` is not supported.
    VersionRejected,
    /// `parameter_absent`: a required parameter was not received.
    ParameterAbsent,
    /// `parameter_rejected`: an unexpected parameter was received.
    ParameterRejected,
    /// `timestamp_refused`: the `oauth_timestamp` is unacceptable (a clock out of step).
    TimestampRefused,
    /// `nonce_used`: the nonce was used before.
    NonceUsed,
    /// `signature_method_rejected`: the signature method is not accepted.
    SignatureMethodRejected,
    /// `signature_invalid`: the signature does not match.
    SignatureInvalid,
    /// `consumer_key_unknown`: the consumer key is not known.
    ConsumerKeyUnknown,
    /// `consumer_key_rejected`: the consumer key is permanently unacceptable.
    ConsumerKeyRejected,
    /// `consumer_key_refused`: the consumer key is temporarily unacceptable (throttled).
    ConsumerKeyRefused,
    /// `token_used`: the token was consumed already.
    TokenUsed,
    /// `token_expired`: the token expired.
    TokenExpired,
    /// `token_revoked`: the token was revoked.
    TokenRevoked,
    /// `token_rejected`: the token is unacceptable, for an unspecified reason.
    TokenRejected,
    /// `additional_authorization_required`: the token lacks a permission.
    AdditionalAuthorizationRequired,
    /// `permission_unknown`: the user has not decided on the request yet.
    PermissionUnknown,
    /// `permission_denied`: the user refused.
    PermissionDenied,
    /// `user_refused`: the user refused (a name some providers use).
    UserRefused,
    /// Any other value, as sent: the extension asks consumers to expect new ones.
    Other(String),
}

const KINDS: [(&str, ProblemKind); 18] = [
    ("version_rejected", ProblemKind::VersionRejected),
    ("parameter_absent", ProblemKind::ParameterAbsent),
    ("parameter_rejected", ProblemKind::ParameterRejected),
    ("timestamp_refused", ProblemKind::TimestampRefused),
    ("nonce_used", ProblemKind::NonceUsed),
    ("signature_method_rejected", ProblemKind::SignatureMethodRejected),
    ("signature_invalid", ProblemKind::SignatureInvalid),
    ("consumer_key_unknown", ProblemKind::ConsumerKeyUnknown),
    ("consumer_key_rejected", ProblemKind::ConsumerKeyRejected),
    ("consumer_key_refused", ProblemKind::ConsumerKeyRefused),
    ("token_used", ProblemKind::TokenUsed),
    ("token_expired", ProblemKind::TokenExpired),
    ("token_revoked", ProblemKind::TokenRevoked),
    ("token_rejected", ProblemKind::TokenRejected),
    (
        "additional_authorization_required",
        ProblemKind::AdditionalAuthorizationRequired,
    ),
    ("permission_unknown", ProblemKind::PermissionUnknown),
    ("permission_denied", ProblemKind::PermissionDenied),
    ("user_refused", ProblemKind::UserRefused),
];

impl ProblemKind {
    /// The kind named `name` (`Other` for a name the extension does not define).
    pub fn from_name(name: &str) -> Self {
        KINDS
            .iter()
            .find(|(known, _)| *known == name)
            .map_or_else(|| Self::Other(String::from(name)), |(_, kind)| kind.clone())
    }

    /// The `oauth_problem` value.
    ///
    /// # Panics
    /// Never: every kind but `Other` is in the table of names (a test walks it).
    pub fn name(&self) -> &str {
        match self {
            Self::Other(name) => name,
            known => {
                let entry = KINDS.iter().find(|(_, kind)| kind == known);
                #[allow(clippy::expect_used)] // KINDS lists every variant but Other.
                entry.expect("every defined kind has its name in KINDS").0
            }
        }
    }
}

impl Problem {
    /// The problem a response reports, from its body (form-encoded) or else its `WWW-Authenticate:
    /// OAuth …` header; `None` when it reports none (or reports it unreadably).
    pub fn from_response<B: AsRef<[u8]>>(response: &Response<B>) -> Option<Self> {
        Self::from_body(response.body().as_ref()).or_else(|| Self::from_headers(response.headers()))
    }

    /// The problem in the first `WWW-Authenticate: OAuth …` header that reports one.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .find_map(|value| Self::from_header(value.as_bytes()))
    }

    /// The problem in a form-encoded body.
    pub fn from_body(body: &[u8]) -> Option<Self> {
        let text = core::str::from_utf8(crate::response::without_byte_order_mark(body))
            .ok()?
            .trim();
        let pairs = form_pairs(text)
            .filter_map(|(name, value)| Some((form_decode(name).ok()?, form_decode(value).ok()?)));
        Self::from_pairs(pairs)
    }

    /// The problem in a `WWW-Authenticate: OAuth …` header value.
    pub fn from_header(value: &[u8]) -> Option<Self> {
        let header = AuthorizationHeader::parse(value).ok()??;
        let pairs: Vec<(String, String)> = header
            .parameters()
            .map(|(name, value)| (String::from(name), String::from(value)))
            .collect();
        Self::from_pairs(pairs.into_iter())
    }

    fn from_pairs<N: AsRef<str>, V: AsRef<str>>(pairs: impl Iterator<Item = (N, V)>) -> Option<Self> {
        let mut problem = None;
        let mut details = Self::new(ProblemKind::Other(String::new()));
        for (name, value) in pairs {
            let value = value.as_ref();
            match name.as_ref() {
                "oauth_problem" => problem = Some(ProblemKind::from_name(value)),
                "oauth_acceptable_timestamps" => details.acceptable_timestamps = range(value),
                "oauth_acceptable_versions" => details.acceptable_versions = Some(String::from(value)),
                "oauth_parameters_absent" => details.parameters_absent = names(value),
                "oauth_parameters_rejected" => details.parameters_rejected = names(value),
                "oauth_problem_advice" => details.advice = Some(String::from(value)),
                "oauth_signature_base_string" => {
                    details.signature_base_string = Some(EchoedBaseString(String::from(value)));
                }
                _ => {}
            }
        }
        details.kind = problem?;
        Some(details)
    }

    /// The provider's clock, as the middle of its acceptable timestamps, when it sent them.
    pub fn provider_time(&self) -> Option<u64> {
        let (earliest, latest) = self.acceptable_timestamps?;
        Some(earliest / 2 + latest / 2 + (earliest % 2 + latest % 2) / 2)
    }
}

impl Problem {
    /// A problem of this kind with no details, for a provider to report.
    pub fn new(kind: ProblemKind) -> Self {
        Self {
            kind,
            acceptable_timestamps: None,
            acceptable_versions: None,
            parameters_absent: Vec::new(),
            parameters_rejected: Vec::new(),
            advice: None,
            signature_base_string: None,
        }
    }

    /// The problem a verifier's rejection reports, with the details a client can act on: the
    /// acceptable timestamps (`now ± window`) for a refused timestamp, the missing parameter, the
    /// rejected one.
    ///
    /// ```
    /// use oauth1_core::problem::{Problem, ProblemKind};
    /// use oauth1_core::verify::Rejection;
    ///
    /// let refused = Rejection::TimestampOutOfWindow { timestamp: 1, now: 1_700_000_000 };
    /// let problem = Problem::for_rejection(&refused, 300);
    /// assert_eq!(problem.kind, ProblemKind::TimestampRefused);
    /// assert_eq!(problem.to_form(), "oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1699999700-1700000300");
    /// ```
    pub fn for_rejection(rejection: &Rejection, window_secs: u64) -> Self {
        use Rejection as R;
        let mut problem = Self::new(match rejection {
            R::UnsupportedVersion => ProblemKind::VersionRejected,
            R::Missing { .. } => ProblemKind::ParameterAbsent,
            R::Repeated { .. }
            | R::RepeatedHeader(_)
            | R::MalformedHeader(_)
            | R::BadEncoding { .. }
            | R::BadUri => ProblemKind::ParameterRejected,
            R::BadTimestamp | R::TimestampOutOfWindow { .. } => ProblemKind::TimestampRefused,
            R::BadNonce | R::ReplayedNonce => ProblemKind::NonceUsed,
            R::UnsupportedSignatureMethod | R::PlaintextWithoutTls => ProblemKind::SignatureMethodRejected,
            R::BadSignature | R::BadBodyHash => ProblemKind::SignatureInvalid,
            R::UnknownClient => ProblemKind::ConsumerKeyUnknown,
            R::UnknownToken => ProblemKind::TokenRejected,
            R::ReplayStoreFull { .. } => ProblemKind::ConsumerKeyRefused,
        });
        match rejection {
            R::Missing { name } => problem.parameters_absent.push(String::from(*name)),
            R::Repeated { name } => problem.parameters_rejected.push(name.clone()),
            R::UnsupportedVersion => problem.acceptable_versions = Some(String::from("1.0-1.0")),
            R::TimestampOutOfWindow { now, .. } => {
                problem.acceptable_timestamps =
                    Some((now.saturating_sub(window_secs), now.saturating_add(window_secs)));
            }
            _ => {}
        }
        problem
    }

    /// Adds the base string the provider computed (`oauth_signature_base_string`), as Atlassian's
    /// provider does with `signature_invalid`, so that the client can see where its own differs.
    #[must_use]
    pub fn with_base_string(mut self, base_string: String) -> Self {
        self.signature_base_string = Some(EchoedBaseString(base_string));
        self
    }

    /// The problem as a form-encoded body (`oauth_problem=…&…`), the way providers send it.
    pub fn to_form(&self) -> String {
        let mut pairs: Vec<(&str, String)> = alloc::vec![("oauth_problem", String::from(self.kind.name()))];
        if let Some((earliest, latest)) = self.acceptable_timestamps {
            pairs.push((
                "oauth_acceptable_timestamps",
                alloc::format!("{earliest}-{latest}"),
            ));
        }
        if let Some(versions) = &self.acceptable_versions {
            pairs.push(("oauth_acceptable_versions", versions.clone()));
        }
        if !self.parameters_absent.is_empty() {
            pairs.push(("oauth_parameters_absent", joined_names(&self.parameters_absent)));
        }
        if !self.parameters_rejected.is_empty() {
            pairs.push((
                "oauth_parameters_rejected",
                joined_names(&self.parameters_rejected),
            ));
        }
        if let Some(advice) = &self.advice {
            pairs.push(("oauth_problem_advice", advice.clone()));
        }
        if let Some(base_string) = &self.signature_base_string {
            pairs.push(("oauth_signature_base_string", base_string.0.clone()));
        }
        // The names are the extension's own, all unreserved: encoding leaves them as they are.
        crate::encode::form_encode(pairs.iter().map(|(name, value)| (*name, value.as_str())))
    }
}

/// `a-b` with `a <= b`.
fn range(value: &str) -> Option<(u64, u64)> {
    let (earliest, latest) = value.split_once('-')?;
    let (earliest, latest) = (earliest.trim().parse().ok()?, latest.trim().parse().ok()?);
    (earliest <= latest).then_some((earliest, latest))
}

/// The names as the extension lists them: each percent-encoded, joined by `&` (and the whole value
/// encoded again as the form is written), so that a name holding `&` reads back as one name.
fn joined_names(names: &[String]) -> String {
    let mut joined = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            joined.push('&');
        }
        joined.extend(crate::encode::percent_encode(name).pieces());
    }
    joined
}

/// Parameter names, each percent-encoded and joined by `&` (the value was decoded once already).
fn names(value: &str) -> Vec<String> {
    value
        .split('&')
        .filter(|name| !name.is_empty())
        .map(|name| {
            // A provider that did not encode the names gets them back as sent.
            percent_decode_bytes(name.as_bytes())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes.into_owned()).ok())
                .unwrap_or_else(|| String::from(name))
        })
        .collect()
}

/// Every piece a problem shows is the provider's text: its control characters are escaped.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |text: &str| printable(text.chars(), usize::MAX);
        f.write_str(&shown(self.kind.name()))?;
        if let Some((earliest, latest)) = self.acceptable_timestamps {
            write!(f, " (acceptable timestamps {earliest}-{latest})")?;
        }
        if let Some(versions) = &self.acceptable_versions {
            write!(f, " (acceptable versions {})", shown(versions))?;
        }
        if !self.parameters_absent.is_empty() {
            write!(f, " (absent: {})", shown(&self.parameters_absent.join(", ")))?;
        }
        if !self.parameters_rejected.is_empty() {
            write!(f, " (rejected: {})", shown(&self.parameters_rejected.join(", ")))?;
        }
        if let Some(advice) = &self.advice {
            write!(f, ": {}", shown(advice))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, header: Option<&str>, body: &str) -> Response<Vec<u8>> {
        let mut builder = Response::builder().status(status);
        if let Some(header) = header {
            builder = builder.header(WWW_AUTHENTICATE, header);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    /// Everything a problem shows is the provider's text: shown, it cannot split a line or reach a
    /// terminal as an escape sequence.
    #[test]
    fn a_problem_shows_control_characters_escaped() {
        let body =
            "oauth_problem=odd%1B%5B2J&oauth_parameters_rejected=a%0Ab&oauth_problem_advice=line%0D%0Atwo%07";
        let problem = Problem::from_body(body.as_bytes()).unwrap();
        assert_eq!(
            problem.to_string(),
            "odd\\u{1b}[2J (rejected: a\\u{a}b): line\\u{d}\\u{a}two\\u{7}"
        );
        assert_eq!(
            problem.advice.as_deref(),
            Some("line\r\ntwo\u{7}"),
            "the field keeps the text"
        );
    }

    #[test]
    fn problems_are_read_from_the_body_or_the_header() {
        let jira = answer(
            401,
            None,
            "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_token%26oauth_verifier",
        );
        let problem = Problem::from_response(&jira).unwrap();
        assert_eq!(problem.kind, ProblemKind::ParameterAbsent);
        assert_eq!(problem.parameters_absent, ["oauth_token", "oauth_verifier"]);

        let header = "OAuth realm=\"https://jira.example.com\", oauth_problem=\"signature_invalid\", \
                      oauth_problem_advice=\"Check%20the%20key\"";
        let problem = Problem::from_response(&answer(401, Some(header), "")).unwrap();
        assert_eq!(problem.kind, ProblemKind::SignatureInvalid);
        assert_eq!(problem.advice.as_deref(), Some("Check the key"));
        assert_eq!(problem.to_string(), "signature_invalid: Check the key");

        // After a byte order mark (a server script saved with one) as well.
        let marked = Problem::from_body(b"\xef\xbb\xbfoauth_problem=timestamp_refused").unwrap();
        assert_eq!(marked.kind, ProblemKind::TimestampRefused);

        let other = Problem::from_body(b"oauth_problem=new_kind_of_problem").unwrap();
        assert_eq!(other.kind, ProblemKind::Other("new_kind_of_problem".into()));
        assert_eq!(other.kind.name(), "new_kind_of_problem");
        for (name, kind) in KINDS {
            assert_eq!(ProblemKind::from_name(name), kind);
            assert_eq!(kind.name(), name);
        }
        // No oauth_problem, or a range that is not one: nothing, or no range.
        assert!(Problem::from_response(&answer(401, None, "oauth_token=x")).is_none());
        let odd = Problem::from_body(b"oauth_problem=timestamp_refused&oauth_acceptable_timestamps=9-1");
        assert_eq!(odd.and_then(|p| p.acceptable_timestamps), None);
    }

    /// What a verifier's rejection reports, written as a provider sends it and read back whole.
    #[test]
    fn a_rejection_is_reported_with_its_details_and_reads_back() {
        use Rejection as R;
        let refused = |rejection: &Rejection| Problem::for_rejection(rejection, 300).to_form();
        assert_eq!(
            refused(&R::Missing { name: "oauth_nonce" }),
            "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_nonce"
        );
        assert_eq!(
            refused(&R::Repeated {
                name: "oauth_token".into()
            }),
            "oauth_problem=parameter_rejected&oauth_parameters_rejected=oauth_token"
        );
        assert_eq!(
            refused(&R::UnsupportedVersion),
            "oauth_problem=version_rejected&oauth_acceptable_versions=1.0-1.0"
        );
        let late = R::TimestampOutOfWindow {
            timestamp: 1,
            now: 1_700_000_000,
        };
        assert_eq!(
            refused(&late),
            "oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1699999700-1700000300"
        );
        assert_eq!(refused(&R::BadSignature), "oauth_problem=signature_invalid");

        let mut every = Problem::new(ProblemKind::SignatureInvalid)
            .with_base_string("GET&https%3A%2F%2Fa.example%2F&".into());
        every.acceptable_timestamps = Some((10, 20));
        every.acceptable_versions = Some("1.0-1.0".into());
        every.parameters_absent = alloc::vec!["oauth_nonce".into(), "a&b".into()];
        every.parameters_rejected = alloc::vec!["x".into()];
        every.advice = Some("Check the key".into());
        let form = every.to_form();
        assert_eq!(
            form,
            "oauth_problem=signature_invalid&oauth_acceptable_timestamps=10-20\
             &oauth_acceptable_versions=1.0-1.0&oauth_parameters_absent=oauth_nonce%26a%2526b\
             &oauth_parameters_rejected=x&oauth_problem_advice=Check%20the%20key\
             &oauth_signature_base_string=GET%26https%253A%252F%252Fa.example%252F%26"
        );
        assert_eq!(Problem::from_body(form.as_bytes()), Some(every));
    }

    /// The provider's clock is the middle of its acceptable timestamps, rounded down, at any size.
    #[test]
    fn the_providers_time_is_the_middle_of_its_range() {
        let middle = |earliest, latest| {
            let mut problem = Problem::new(ProblemKind::TimestampRefused);
            problem.acceptable_timestamps = Some((earliest, latest));
            problem.provider_time()
        };
        assert_eq!(middle(1_699_999_701, 1_700_000_301), Some(1_700_000_001));
        assert_eq!(middle(1_699_999_700, 1_700_000_301), Some(1_700_000_000));
        assert_eq!(middle(u64::MAX - 1, u64::MAX), Some(u64::MAX - 1));
        assert_eq!(middle(u64::MAX, u64::MAX), Some(u64::MAX));
        assert_eq!(Problem::new(ProblemKind::TimestampRefused).provider_time(), None);
    }
}
