//! Why a signature was refused: what the signer did ([`Explanation`], from [`Signer::explain`]),
//! where its base string parts from the one the provider computed ([`compare`], [`Mismatch`]), and
//! what that difference is known to come from ([`Cause`]).
//!
//! Providers that echo their base string (Atlassian's `oauth_signature_base_string` in a
//! `signature_invalid` answer, the reference provider's) make the comparison automatic: a flow step
//! run through [`Exchange`](crate::step::Exchange) attaches the [`Mismatch`] to the
//! [`ProviderError`](crate::ProviderError) it returns. On the provider's side,
//! [`Checker::find_mistake`](crate::verify::Checker::find_mistake) names the known mistake a refused
//! signature was made with.
//!
//! A base string holds `oauth_verifier`, a secret: everything here that prints one (`Debug`,
//! `Display`) shows `[redacted]` in its place. The accessors return the real text, for comparing.
//!
//! [`Signer::explain`]: crate::Signer::explain

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{floor_char_boundary, printable};
use crate::provider::{BodyHash, Compat};
use crate::signer::Placement;

mod cause;
pub(crate) mod reenact;
pub use cause::Cause;

/// The verifier's name as it appears inside a base string's (encoded) parameter part.
const VERIFIER_IN_BASE_STRING: &str = "oauth_verifier%3D";

/// What a signer did with one request: the base string, the normalized parameters, the rules.
#[derive(Clone, PartialEq, Eq)]
pub struct Explanation {
    pub(crate) base_string: String,
    pub(crate) parameters: Vec<ExplainedParameter>,
    pub(crate) rules: AppliedRules,
}

/// One normalized parameter: its name and value in their OAuth encoding, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExplainedParameter {
    /// The name, percent-encoded.
    pub name: String,
    /// The value, percent-encoded (`[redacted]` in `Debug` and `Display` for `oauth_verifier`).
    pub value: String,
    /// Where the request carries it.
    pub source: ParameterSource,
}

/// Where a signed parameter comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParameterSource {
    /// The request URI's query.
    Query,
    /// The form-encoded body.
    Body,
    /// The protocol parameters the signer adds.
    Protocol,
}

/// The rules the signer applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppliedRules {
    /// `oauth_signature_method`.
    pub method: &'static str,
    /// The realm sent in the header (never signed).
    pub realm: Option<String>,
    /// Where the protocol parameters go.
    pub placement: Placement,
    /// Whether `oauth_version` is sent.
    pub version: bool,
    /// Whether an empty `oauth_token` is sent for a request without a token.
    pub empty_token: bool,
    /// The body-hash policy, and whether this request got a body hash.
    pub body_hash: (BodyHash, bool),
    /// How the base string is built.
    pub compat: Compat,
    /// Whether a multipart body's text fields are signed as form parameters
    /// ([`Signer::authorize_multipart`](crate::Signer::authorize_multipart) signs them in a form body
    /// standing in for the multipart one, which is what an explanation of it shows).
    pub multipart_fields: bool,
    /// What became of the body.
    pub body: BodyTreatment,
}

/// What the signer did with a request's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyTreatment {
    /// There is none.
    Empty,
    /// A form: its parameters are signed.
    FormSigned,
    /// A form whose parameters the base-string rule leaves out (Mastercard's).
    FormNotSigned,
    /// Not a form (JSON, binary): never parsed; only a body hash covers it.
    NotForm,
}

impl Explanation {
    /// The signature base string, exactly (with the verifier, if any).
    pub fn base_string(&self) -> &str {
        &self.base_string
    }

    /// The normalized parameters as RFC 5849 §3.4.1.3.2 writes them, in its order: the base string's,
    /// unless a provider's rule ([`AppliedRules::compat`]) writes its own (another order, names or
    /// encoding; [`Explanation::base_string`] is always what was signed).
    pub fn parameters(&self) -> &[ExplainedParameter] {
        &self.parameters
    }

    /// The rules applied.
    pub fn rules(&self) -> &AppliedRules {
        &self.rules
    }

    /// Where this base string parts from `theirs` (a provider's), if it does.
    pub fn compare(&self, theirs: &str) -> Option<Mismatch> {
        let mut mismatch = compare(&self.base_string, theirs)?;
        // `compare` finds a verifier's end at the next `%26`; one spelled with `%26` inside would be
        // cut there, and the rest named and shown as a parameter of its own.
        let spelled = self.verifier_spelled_with_separator();
        let inside = verifier_values(&self.base_string, spelled)
            .any(|(start, end)| (start..=end).contains(&mismatch.at));
        if inside {
            mismatch.part = BaseStringPart::Parameter(String::from("oauth_verifier"));
            mismatch.ours = String::from("[redacted]");
            mismatch.theirs = String::from("[redacted]");
        }
        Some(mismatch)
    }

    /// The signer's own verifier as the base string spells it, when that spelling can hold `%26`:
    /// Mastercard's rule writes a protocol value unencoded and encodes the string once, so a
    /// verifier's `&` is spelled as the separator is. (RFC 5849 encodes a value twice, `&` as
    /// `%2526`, and Mastercard's rule writes a query's values as the URI has them, where `&` cannot
    /// be inside one.)
    fn verifier_spelled_with_separator(&self) -> Option<&str> {
        if self.rules.compat != Compat::Mastercard {
            return None;
        }
        self.parameters
            .iter()
            .find(|p| p.name == "oauth_verifier" && p.source == ParameterSource::Protocol)
            .map(|p| p.value.as_str())
    }

    /// The base string with each verifier's value `[redacted]`.
    fn redacted_base_string(&self) -> String {
        redact(&self.base_string, self.verifier_spelled_with_separator())
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "base string:")?;
        writeln!(f, "  {}", self.redacted_base_string())?;
        if self.rules.compat == Compat::Rfc5849 {
            writeln!(f, "parameters (normalized, in base-string order):")?;
        } else {
            // The list stays RFC 5849's; the provider's rule below wrote the base string above.
            writeln!(
                f,
                "parameters (normalized as RFC 5849 does; the base string follows the rule below):"
            )?;
        }
        let width = self.parameters.iter().map(|p| p.name.len()).max().unwrap_or(0);
        for p in &self.parameters {
            let source = match p.source {
                ParameterSource::Query => "query",
                ParameterSource::Body => "body",
                ParameterSource::Protocol => "protocol",
            };
            writeln!(f, "  {:<width$} = {}  ({source})", p.name, shown_value(p))?;
        }
        let r = &self.rules;
        writeln!(f, "rules:")?;
        writeln!(f, "  signature method: {}", r.method)?;
        match &r.realm {
            Some(realm) => writeln!(f, "  realm: \"{realm}\" (header only, not signed)")?,
            None => writeln!(f, "  realm: none")?,
        }
        writeln!(f, "  parameters in: {}", r.placement.field())?;
        writeln!(
            f,
            "  oauth_version: {}",
            if r.version { "sent" } else { "not sent" }
        )?;
        if r.empty_token {
            writeln!(f, "  oauth_token: sent empty when there is no token")?;
        }
        if r.multipart_fields {
            writeln!(
                f,
                "  multipart body: its text fields signed as a form's, its files never"
            )?;
        }
        let hash = match r.body_hash.0 {
            BodyHash::Sha1Extension => "SHA-1 (Body Hash extension; never on form bodies)",
            BodyHash::Sha256Always => "SHA-256 on every request",
            _ => "off",
        };
        let sent = if r.body_hash.1 { "sent" } else { "not sent" };
        writeln!(f, "  body hash: {hash}; {sent} on this request")?;
        let compat = match r.compat {
            Compat::Mastercard => "Mastercard's (unencoded values, encoded once; form body not signed)",
            Compat::WooCommerce => {
                "WooCommerce's (names read as PHP does: a[b] a key of array a, a[] as a[0], a[1], …)"
            }
            Compat::Magento => {
                "Magento's (names in PHP's natural order: a[2] before a[10]; a repeat's last value)"
            }
            _ => "RFC 5849 §3.4.1",
        };
        writeln!(f, "  base string rule: {compat}")?;
        let body = match r.body {
            BodyTreatment::FormSigned => Some("form-encoded, its parameters signed"),
            BodyTreatment::FormNotSigned => {
                Some("form-encoded, its parameters not signed (by the rule above)")
            }
            BodyTreatment::NotForm => Some("not form-encoded: not parsed, covered only by a body hash"),
            BodyTreatment::Empty => None,
        };
        if let Some(body) = body {
            writeln!(f, "  body: {body}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parameters: Vec<(&str, &str, ParameterSource)> = self
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), shown_value(p), p.source))
            .collect();
        f.debug_struct("Explanation")
            .field("base_string", &self.redacted_base_string())
            .field("parameters", &parameters)
            .field("rules", &self.rules)
            .finish()
    }
}

fn shown_value(p: &ExplainedParameter) -> &str {
    if p.name == "oauth_verifier" {
        "[redacted]"
    } else {
        &p.value
    }
}

/// The part of a base string where two differ.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseStringPart {
    /// The HTTP method.
    Method,
    /// The base string URI (scheme, host, port, path).
    Uri,
    /// The parameter with this (encoded) name: its name, its value, or its place.
    Parameter(String),
    /// The parameter part ends in one and goes on in the other.
    End,
}

/// Where our base string and a provider's first differ.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mismatch {
    /// The byte offset of the first difference.
    pub at: usize,
    /// Which part of the base string it falls in (ours).
    pub part: BaseStringPart,
    /// Ours, around the difference (within that part).
    pub ours: String,
    /// Theirs, around the difference.
    pub theirs: String,
    /// What the difference is known to come from, when the two strings show it.
    pub cause: Option<Cause>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = match &self.part {
            BaseStringPart::Method => String::from("the method"),
            BaseStringPart::Uri => String::from("the base string URI"),
            BaseStringPart::Parameter(name) => alloc::format!("parameter {name}"),
            BaseStringPart::End => String::from("the end of the parameters"),
        };
        // Escaped as string literals are: the provider's text cannot break the line or reach a
        // terminal as an escape sequence (a base string itself holds no character that changes).
        write!(
            f,
            "base strings differ at byte {} ({part}): ours \"{}\", theirs \"{}\"",
            self.at,
            self.ours.escape_debug(),
            self.theirs.escape_debug()
        )?;
        match &self.cause {
            Some(cause) => write!(f, "; {cause}"),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mismatch")
            .field("at", &self.at)
            .field("part", &self.part)
            .field("ours", &self.ours)
            .field("theirs", &self.theirs)
            .field("cause", &self.cause)
            .finish()
    }
}

/// Bytes of context shown on each side of a difference.
const CONTEXT: usize = 24;

/// Where `ours` first differs from `theirs`, with the part of the base string it falls in and a little
/// context from each (starting no earlier than that part, `[redacted]` inside `oauth_verifier`). `None`
/// when they are equal.
///
/// ```
/// use oauth1_core::diagnose::{BaseStringPart, Cause, compare};
///
/// let ours = "GET&https%3A%2F%2Fa.example%2F&a%3D1%26oauth_nonce%3Dabc";
/// let theirs = "GET&https%3A%2F%2Fa.example%2F&a%3D1%26oauth_nonce%3Dabd";
/// let mismatch = compare(ours, theirs).unwrap();
/// assert_eq!(mismatch.part, BaseStringPart::Parameter("oauth_nonce".into()));
/// assert_eq!(mismatch.at, ours.len() - 1);
/// assert_eq!(mismatch.cause, None); // another nonce: nothing known causes that
/// assert!(compare(ours, ours).is_none());
///
/// // A provider that keeps the default port in its base string.
/// let theirs = "GET&https%3A%2F%2Fa.example%3A443%2F&a%3D1%26oauth_nonce%3Dabc";
/// let mismatch = compare(ours, theirs).unwrap();
/// assert_eq!(mismatch.cause, Some(Cause::DefaultPort));
/// assert!(mismatch.to_string().ends_with(
///     "; one side writes a default port (RFC 5849 §3.4.1.2 leaves out :80 for http and :443 for https)"
/// ));
/// ```
///
/// # Panics
/// Never: each excerpt is cut at character boundaries of its own text.
pub fn compare(ours: &str, theirs: &str) -> Option<Mismatch> {
    let at = ours
        .bytes()
        .zip(theirs.bytes())
        .position(|(a, b)| a != b)
        .or_else(|| (ours.len() != theirs.len()).then(|| ours.len().min(theirs.len())))?;
    let (part, range) = part_at(ours, at);
    let excerpt = |text: &str| {
        // A provider that did not encode sends multi-byte characters: both ends step back to a
        // character boundary (a cut inside one would leave the excerpt empty).
        let start = floor_char_boundary(text, at.saturating_sub(CONTEXT).max(range.0));
        let end = floor_char_boundary(text, (at + CONTEXT).max(start));
        #[allow(clippy::expect_used)] // Both are boundaries within `text`, and `start` ≤ `end`.
        let slice = text
            .get(start..end)
            .expect("the excerpt's ends are character boundaries");
        if matches!(&part, BaseStringPart::Parameter(name) if name == "oauth_verifier") {
            String::from("[redacted]")
        } else {
            redacted(slice)
        }
    };
    Some(Mismatch {
        at,
        ours: excerpt(ours),
        theirs: excerpt(theirs),
        cause: cause::cause(ours, theirs, &part),
        part,
    })
}

/// The part of base string `text` that byte `at` falls in, and where that part starts.
fn part_at(text: &str, at: usize) -> (BaseStringPart, (usize, usize)) {
    let mut sections = text.splitn(3, '&');
    let method_len = sections.next().map_or(0, str::len);
    if at <= method_len {
        return (BaseStringPart::Method, (0, method_len));
    }
    let uri_start = method_len + 1;
    let uri_end = uri_start + sections.next().map_or(0, str::len);
    if at <= uri_end {
        return (BaseStringPart::Uri, (uri_start, uri_end));
    }
    let params_start = uri_end + 1;
    // Past the end, or a text with no parameter part (`at` is then past its end too).
    let (Some(params), true) = (sections.next(), at < text.len()) else {
        return (BaseStringPart::End, (params_start, text.len()));
    };
    // The parameter part is `name%3Dvalue` pairs joined by `%26`.
    let mut start = params_start;
    for pair in params.split("%26") {
        let end = start + pair.len();
        if at < end + 3 {
            let name = pair.split("%3D").next().unwrap_or_default();
            return (BaseStringPart::Parameter(name.to_owned()), (start, end));
        }
        start = end + 3;
    }
    (BaseStringPart::End, (params_start, text.len()))
}

/// `text` with the value of every `oauth_verifier` in it (a base string's encoded form) replaced by
/// `[redacted]`.
pub(crate) fn redacted(text: &str) -> String {
    redact(text, None)
}

/// `text` with the values [`verifier_values`] finds replaced by `[redacted]`.
fn redact(text: &str, spelled: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in verifier_values(text, spelled) {
        out.push_str(between(text, copied, start));
        out.push_str("[redacted]");
        copied = end;
    }
    out.push_str(between(text, copied, text.len()));
    out
}

/// Where each `oauth_verifier` value lies in base string `text`, as byte ranges in order: a value
/// spelled `spelled` (followed by `%26` or the end) whole, any other up to the next `%26`.
fn verifier_values<'t>(text: &'t str, spelled: Option<&'t str>) -> impl Iterator<Item = (usize, usize)> + 't {
    let mut from = 0;
    core::iter::from_fn(move || {
        let (_, tail) = between(text, from, text.len()).split_once(VERIFIER_IN_BASE_STRING)?;
        let start = text.len() - tail.len();
        let whole = spelled.filter(|spelled| {
            let after = tail.strip_prefix(spelled);
            after.is_some_and(|after| after.is_empty() || after.starts_with("%26"))
        });
        let len = whole.map_or_else(|| tail.find("%26").unwrap_or(tail.len()), str::len);
        from = start + len;
        Some((start, from))
    })
}

/// `text[start..end]` for the ranges [`verifier_values`] gives, whose every end falls where an ASCII
/// pattern (`oauth_verifier%3D`, `%26`, the verifier's own spelling) starts or ends, or at the end.
fn between(text: &str, start: usize, end: usize) -> &str {
    #[allow(clippy::expect_used)] // Each end is a character boundary, as above.
    text.get(start..end)
        .expect("a verifier's value starts and ends at character boundaries")
}

/// A base string a provider sent back (Atlassian's `oauth_signature_base_string`). It holds the
/// request's verifier, if any: `Debug` and `Display` show `[redacted]` in its place.
#[derive(Clone, PartialEq, Eq)]
pub struct EchoedBaseString(pub(crate) String);

impl EchoedBaseString {
    /// The base string as the provider sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for EchoedBaseString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&redacted(&self.0), f)
    }
}

/// The provider's text, with its control characters escaped as everywhere it is shown.
impl fmt::Display for EchoedBaseString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(redacted(&self.0).chars(), usize::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "POST&https%3A%2F%2Fa.example%2Ftoken&oauth_consumer_key%3Dk%26oauth_verifier%3Dsecret-pin%26oauth_version%3D1.0";

    #[test]
    fn an_echoed_base_string_shows_control_characters_escaped() {
        let echoed = EchoedBaseString(String::from("GET&a\u{1b}]0;x\u{7}&b%3D1"));
        assert_eq!(echoed.to_string(), "GET&a\\u{1b}]0;x\\u{7}&b%3D1");
        assert_eq!(echoed.as_str(), "GET&a\u{1b}]0;x\u{7}&b%3D1");
    }

    /// The provider's excerpt is its text: shown escaped, so that a line break or a terminal escape
    /// sequence in it cannot act where the error is printed.
    #[test]
    fn an_excerpt_shows_control_characters_escaped() {
        let theirs = "POST&https%3A%2F%2Fa.example%2Ftoken&oauth_consumer_key%3D\u{1b}[2J\nk";
        let shown = compare(BASE, theirs).unwrap().to_string();
        assert!(
            shown.contains(r#"theirs "oauth_consumer_key%3D\u{1b}[2J\nk""#),
            "{shown}"
        );
        assert!(!shown.contains(['\u{1b}', '\n']), "{shown}");
    }

    /// A provider that did not encode a value sends its characters raw: the excerpt of its text
    /// is cut at a character boundary, never left empty.
    #[test]
    fn an_excerpt_of_raw_multibyte_text_is_shown() {
        let ours = "GET&https%3A%2F%2Fa.example%2F&q%3D%25E6%2597%25A5%25E6%259C%25AC%25E8%25AA%259E";
        let theirs = "GET&https%3A%2F%2Fa.example%2F&q%3D日本語a日本語日本語日本語";
        let m = compare(ours, theirs).unwrap();
        assert_eq!(m.at, ours.find("%25E6").unwrap());
        // 24 bytes on from the difference fall inside 本: the excerpt stops before it.
        assert_eq!(m.theirs, "q%3D日本語a日本語日", "{m:?}");
        assert_eq!(m.ours, "q%3D%25E6%2597%25A5%25E6%259", "{m:?}");
    }

    #[test]
    fn the_verifier_never_shows() {
        assert_eq!(
            redacted(BASE),
            "POST&https%3A%2F%2Fa.example%2Ftoken&oauth_consumer_key%3Dk%26oauth_verifier%3D[redacted]%26oauth_version%3D1.0"
        );
        assert_eq!(
            redacted("a%26oauth_verifier%3Dxyz"),
            "a%26oauth_verifier%3D[redacted]"
        );
        let theirs = BASE.replace("secret-pin", "secret-pim");
        let mismatch = compare(BASE, &theirs).unwrap();
        assert_eq!(mismatch.part, BaseStringPart::Parameter("oauth_verifier".into()));
        let shown = alloc::format!("{mismatch} {mismatch:?}");
        assert!(!shown.contains("secret"), "{shown}");
        let echoed = EchoedBaseString(BASE.into());
        assert_eq!(
            alloc::format!("{echoed:?}"),
            alloc::format!("{:?}", BASE.replace("secret-pin", "[redacted]"))
        );
        assert!(!alloc::format!("{echoed} {echoed:?}").contains("secret-pin"));
        assert_eq!(echoed.as_str(), BASE);
    }

    /// Mastercard's rule writes a protocol value unencoded and encodes the whole string once, so a
    /// verifier's `&` is spelled `%26` as the separator is: it is still redacted whole.
    #[test]
    fn a_verifier_holding_the_separator_is_redacted_whole() {
        let client = crate::ClientCredentials::new("key", "secret");
        let token = crate::TokenCredentials::new("token", "token secret");
        let request = http::Request::get("https://a.example/p?q=1").body(()).unwrap();
        let nonce = crate::Nonce::new("n").unwrap();
        let explanation = crate::Signer::new(&client)
            .token(&token)
            .compat(Compat::Mastercard)
            .verifier("pin&rest-of-the-secret")
            .explain(&request, &nonce, crate::Timestamp::from_secs(1))
            .unwrap();
        assert!(
            explanation
                .base_string()
                .contains("oauth_verifier%3Dpin%26rest-of-the-secret")
        );
        let shown = alloc::format!("{explanation} {explanation:?}");
        assert!(!shown.contains("rest-of-the"), "{shown}");
        assert!(
            shown.contains("oauth_verifier%3D[redacted]%26oauth_version"),
            "{shown}"
        );
        // A difference inside the verifier, past its `%26`, is named as the verifier's.
        let theirs = explanation.base_string().replace("the-secret", "the-secreT");
        let mismatch = explanation.compare(&theirs).unwrap();
        assert_eq!(mismatch.part, BaseStringPart::Parameter("oauth_verifier".into()));
        let shown = alloc::format!("{mismatch} {mismatch:?}");
        assert!(!shown.contains("the-secre"), "{shown}");
    }

    /// Under a provider's rule the list is RFC 5849's, and says so: its order is not the base string's
    /// (Magento's natural order puts `k[10]` after `k[9]`, RFC 5849's after `k[1]`).
    #[test]
    fn under_a_providers_rule_the_list_says_it_is_rfc_5849s() {
        let client = crate::ClientCredentials::new("key", "secret");
        let request = http::Request::get("https://a.example/p?k%5B10%5D=x&k%5B9%5D=y")
            .body(())
            .unwrap();
        let nonce = crate::Nonce::new("n").unwrap();
        let explain = |compat| {
            crate::Signer::new(&client)
                .compat(compat)
                .explain(&request, &nonce, crate::Timestamp::from_secs(1))
                .unwrap()
        };
        let magento = explain(Compat::Magento);
        let names: Vec<&str> = magento.parameters().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names[..2], ["k%5B10%5D", "k%5B9%5D"]);
        let base = magento.base_string();
        assert!(base.find("k%255B9%255D") < base.find("k%255B10%255D"), "{base}");
        let shown = alloc::format!("{magento}");
        assert!(shown.contains("parameters (normalized as RFC 5849 does; the base string follows"));
        let rfc = alloc::format!("{}", explain(Compat::Rfc5849));
        assert!(
            rfc.contains("parameters (normalized, in base-string order):"),
            "{rfc}"
        );
    }

    /// Each request parameter names where it came from (a pair sent in the query and the body once
    /// for each), and the rules say whether this request got a body hash and what became of its body.
    #[test]
    fn each_parameter_names_its_source_and_the_rules_what_was_done() {
        use ParameterSource::{Body, Protocol, Query};
        use http::header::CONTENT_TYPE;
        let client = crate::ClientCredentials::new("key", "secret");
        let nonce = crate::Nonce::new("n").unwrap();
        let hashed = crate::Signer::new(&client).body_hash(BodyHash::Sha1Extension);
        let explain = |signer: &crate::Signer<'_>, request: http::request::Builder, body| {
            let request = request.body(body).unwrap();
            signer
                .explain(&request, &nonce, crate::Timestamp::from_secs(1))
                .unwrap()
        };
        let post = || http::Request::post("https://a.example/p?a=1&b=2&a=1");
        let form = || post().header(CONTENT_TYPE, "application/x-www-form-urlencoded");

        let explained = explain(&hashed, form(), "a=1&c=3");
        let sources: Vec<(&str, &str, ParameterSource)> = explained
            .parameters()
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str(), p.source))
            .collect();
        let expected = [
            ("a", "1", Query),
            ("a", "1", Query),
            ("a", "1", Body),
            ("b", "2", Query),
            ("c", "3", Body),
            ("oauth_consumer_key", "key", Protocol),
            ("oauth_nonce", "n", Protocol),
            ("oauth_signature_method", "HMAC-SHA1", Protocol),
            ("oauth_timestamp", "1", Protocol),
            ("oauth_version", "1.0", Protocol),
        ];
        assert_eq!(sources, expected);
        // The extension never hashes a form.
        let rules = explained.rules();
        assert_eq!(rules.body_hash, (BodyHash::Sha1Extension, false));
        assert_eq!(rules.body, BodyTreatment::FormSigned);

        let json = explain(&hashed, post().header(CONTENT_TYPE, "application/json"), "{}");
        assert_eq!(json.rules().body_hash, (BodyHash::Sha1Extension, true));
        assert_eq!(json.rules().body, BodyTreatment::NotForm);
        let hash = json.parameters().iter().find(|p| p.name == "oauth_body_hash");
        assert_eq!(hash.map(|p| p.source), Some(Protocol));

        let plain = crate::Signer::new(&client);
        let mastercard = plain.clone().compat(Compat::Mastercard);
        assert_eq!(explain(&plain, post(), "").rules().body, BodyTreatment::Empty);
        let not_signed = explain(&mastercard, form(), "c=3");
        assert_eq!(not_signed.rules().body, BodyTreatment::FormNotSigned);
        assert_eq!(not_signed.rules().body_hash, (BodyHash::Off, false));
    }

    /// The whole explanation, as a terminal shows it: every rule in words, each value beside its
    /// name and source, the verifier redacted in the list and in the base string.
    #[test]
    fn an_explanation_reads_exactly() {
        use http::header::CONTENT_TYPE;
        let client = crate::ClientCredentials::new("key", "secret");
        let token = crate::TokenCredentials::new("token", "token secret");
        let nonce = crate::Nonce::new("n").unwrap();
        let explain = |signer: crate::Signer<'_>, request: &http::Request<&str>| {
            signer
                .token(&token)
                .verifier("pin")
                .explain(request, &nonce, crate::Timestamp::from_secs(1))
                .unwrap()
        };
        let form = http::Request::post("https://a.example/p?b=2")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("a=1")
            .unwrap();
        let mastercard = crate::Signer::new(&client)
            .compat(Compat::Mastercard)
            .body_hash(BodyHash::Sha256Always)
            .realm("r")
            .version(false)
            .empty_token(true)
            .multipart_fields(true);
        let explanation = explain(mastercard, &form);
        let base = "POST&https%3A%2F%2Fa.example%2Fp&b%3D2%26oauth_body_hash%3Dwi%2FqXXQo5c9H72NUyXySI8ldbc3D4NIwD\
                    %2FeQVrH%2FPYU%3D%26oauth_consumer_key%3Dkey%26oauth_nonce%3Dn%26oauth_signature_method%3D\
                    HMAC-SHA1%26oauth_timestamp%3D1%26oauth_token%3Dtoken%26oauth_verifier%3D[redacted]";
        let hash = "wi%2FqXXQo5c9H72NUyXySI8ldbc3D4NIwD%2FeQVrH%2FPYU%3D";
        let expected = alloc::format!(
            "base string:
  {base}
parameters (normalized as RFC 5849 does; the base string follows the rule below):
  b                      = 2  (query)
  oauth_body_hash        = {hash}  (protocol)
  oauth_consumer_key     = key  (protocol)
  oauth_nonce            = n  (protocol)
  oauth_signature_method = HMAC-SHA1  (protocol)
  oauth_timestamp        = 1  (protocol)
  oauth_token            = token  (protocol)
  oauth_verifier         = [redacted]  (protocol)
rules:
  signature method: HMAC-SHA1
  realm: \"r\" (header only, not signed)
  parameters in: Authorization header
  oauth_version: not sent
  oauth_token: sent empty when there is no token
  multipart body: its text fields signed as a form's, its files never
  body hash: SHA-256 on every request; sent on this request
  base string rule: Mastercard's (unencoded values, encoded once; form body not signed)
  body: form-encoded, its parameters not signed (by the rule above)
"
        );
        assert_eq!(alloc::format!("{explanation}"), expected);
        let debug = alloc::format!(
            "Explanation {{ base_string: \"{base}\", parameters: [(\"b\", \"2\", Query), \
             (\"oauth_body_hash\", \"{hash}\", Protocol), (\"oauth_consumer_key\", \"key\", Protocol), \
             (\"oauth_nonce\", \"n\", Protocol), (\"oauth_signature_method\", \"HMAC-SHA1\", Protocol), \
             (\"oauth_timestamp\", \"1\", Protocol), (\"oauth_token\", \"token\", Protocol), \
             (\"oauth_verifier\", \"[redacted]\", Protocol)], rules: AppliedRules {{ method: \"HMAC-SHA1\", \
             realm: Some(\"r\"), placement: Header, version: false, empty_token: true, body_hash: \
             (Sha256Always, true), compat: Mastercard, multipart_fields: true, body: FormNotSigned }} }}"
        );
        assert_eq!(alloc::format!("{explanation:?}"), debug);

        // Each other rule in its words (Magento reads no form: a request without a body).
        let get = http::Request::get("https://a.example/p?b=2").body("").unwrap();
        for (compat, hash, lines) in [
            (
                Compat::WooCommerce,
                BodyHash::Sha1Extension,
                [
                    "  body hash: SHA-1 (Body Hash extension; never on form bodies); sent on this request\n",
                    "  base string rule: WooCommerce's (names read as PHP does: a[b] a key of array a, a[] as \
                     a[0], a[1], …)\n",
                ],
            ),
            (
                Compat::Magento,
                BodyHash::Off,
                [
                    "  body hash: off; not sent on this request\n",
                    "  base string rule: Magento's (names in PHP's natural order: a[2] before a[10]; a \
                     repeat's last value)\n",
                ],
            ),
            (
                Compat::Rfc5849,
                BodyHash::Off,
                [
                    "  body hash: off; not sent on this request\n",
                    "  base string rule: RFC 5849 §3.4.1\n",
                ],
            ),
        ] {
            let signer = crate::Signer::new(&client).compat(compat).body_hash(hash);
            let shown = alloc::format!("{}", explain(signer, &get));
            for line in lines {
                assert!(shown.contains(line), "{compat:?}: {line} in {shown}");
            }
            assert!(shown.ends_with(lines[1]), "{compat:?}: no body line in {shown}");
            assert!(
                shown.contains("  b                      = 2  (query)\n"),
                "{shown}"
            );
        }
    }

    #[test]
    fn a_mismatch_reads_exactly() {
        // The context runs on past the parameter's end, into the verifier, whose value is redacted.
        let theirs = BASE.replace("%3Dk%26", "%3Dq%26");
        let mismatch = compare(BASE, &theirs).unwrap();
        assert_eq!(
            alloc::format!("{mismatch:?}"),
            "Mismatch { at: 58, part: Parameter(\"oauth_consumer_key\"), ours: \"oauth_consumer_key%3Dk%26\
             oauth_verifier%3D[redacted]\", theirs: \"oauth_consumer_key%3Dq%26oauth_verifier%3D[redacted]\", \
             cause: None }"
        );
        assert_eq!(
            mismatch.to_string(),
            "base strings differ at byte 58 (parameter oauth_consumer_key): ours \"oauth_consumer_key%3Dk%26\
             oauth_verifier%3D[redacted]\", theirs \"oauth_consumer_key%3Dq%26oauth_verifier%3D[redacted]\""
        );
    }

    #[test]
    fn every_part_is_named() {
        let part = |theirs: &str| compare(BASE, theirs).map(|m| m.part);
        assert_eq!(part(&BASE.replace("POST", "GET")), Some(BaseStringPart::Method));
        assert_eq!(
            part(&BASE.replace("a.example", "b.example")),
            Some(BaseStringPart::Uri)
        );
        assert_eq!(
            part(&BASE.replace("%3Dk%26", "%3Dq%26")),
            Some(BaseStringPart::Parameter("oauth_consumer_key".into()))
        );
        assert_eq!(
            part(&BASE.replace("1.0", "1.1")),
            Some(BaseStringPart::Parameter("oauth_version".into()))
        );
        // A difference at a name's first octet is that parameter's, not the one before it.
        assert_eq!(
            part(&BASE.replace("%26oauth_version", "%26xauth_version")),
            Some(BaseStringPart::Parameter("oauth_version".into()))
        );
        assert_eq!(part(&alloc::format!("{BASE}%26z%3D1")), Some(BaseStringPart::End));
        assert_eq!(part(BASE), None);
        // Context stays inside the differing part.
        let m = compare(BASE, &BASE.replace("a.example", "b.example")).unwrap();
        assert!(
            m.ours.starts_with("https") && m.theirs.contains("b.example"),
            "{m:?}"
        );
    }
}
