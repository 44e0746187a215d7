//! The request as the command line describes it (`-X`, the URL, `-d` and its kin, `-F`, `-H`, `-G`),
//! built into the request to sign and send, each flag's mistake named.

use clap::Args;
use oauth1_core::http::{self, Request};
use oauth1_core::signature::AnyMethod;
use oauth1_core::{Nonce, Provider, Signer, SigningRules, Timestamp};

use crate::Failure;
use crate::input::read_data_file;
use crate::multipart::multipart;

/// The request as it will be sent.
#[derive(Args)]
pub(crate) struct RequestLine {
    /// HTTP method [default: GET, or POST with --data, as twurl and curl do].
    #[arg(short = 'X', long, allow_hyphen_values = true)]
    method: Option<String>,
    /// Request URL, with its query as it will be sent (or give it, or a path, as the last argument).
    #[arg(long, allow_hyphen_values = true)]
    url: Option<String>,
    /// Body as it will be sent, a form (application/x-www-form-urlencoded) unless --content-type says
    /// otherwise; repeated, the parts are joined with `&`. `@FILE` reads a part from FILE (`@-` from
    /// standard input), as curl does: a form's line breaks are dropped, any other body is sent byte
    /// for byte. (A form part that starts with `@` itself is written `%40`, or given with --data-raw.)
    #[arg(short = 'd', long, allow_hyphen_values = true)]
    data: Vec<String>,
    /// A body part whose text is percent-encoded here, as curl's --data-urlencode does it:
    /// `name=text`, `=text` or `text`, and `name@FILE` or `@FILE` for a file's text (line breaks
    /// kept); the name is taken as already encoded. All --data parts are joined in the order given.
    #[arg(long, value_name = "DATA", allow_hyphen_values = true)]
    data_urlencode: Vec<String>,
    /// A body part as -d, but one that starts with `@` is sent as it is (curl's --data-raw, which a
    /// browser's "Copy as cURL" writes).
    #[arg(long, value_name = "DATA", allow_hyphen_values = true)]
    data_raw: Vec<String>,
    /// A body part as -d, but `@FILE` is read byte for byte, line breaks kept (curl's --data-binary).
    #[arg(long, value_name = "DATA", allow_hyphen_values = true)]
    data_binary: Vec<String>,
    /// A multipart/form-data part, as curl's -F: `name=value`, `name=@FILE` (a file, its type
    /// guessed from its name; `;type=TYPE` and `;filename=NAME` after it say otherwise) or
    /// `name=<FILE` (a field whose value is FILE's contents). A multipart body is not signed part by
    /// part (RFC 5849 signs only a form-urlencoded body; --body-hash covers it), except where the
    /// provider signs its text fields (flickr, woocommerce): those are, the files never.
    #[arg(
        short = 'F',
        long = "form",
        value_name = "NAME=CONTENT",
        allow_hyphen_values = true,
        conflicts_with_all = ["data", "data_raw", "data_binary", "data_urlencode", "get", "content_type"]
    )]
    form: Vec<String>,
    /// Send the data in the URL's query, with GET unless -X says otherwise, as curl -G does.
    #[arg(short = 'G', long)]
    pub(crate) get: bool,
    /// The body's content type; a body that is not a form needs it. Such a body is not signed
    /// parameter by parameter; --body-hash covers it.
    #[arg(long, allow_hyphen_values = true)]
    content_type: Option<String>,
    /// The parts of -d and the other --data flags in command-line order (clap keeps each flag's
    /// values apart; `in_order` fills this from their positions).
    #[arg(skip)]
    parts: Vec<DataPart>,
}

/// One piece of the body (or, with -G, of the query), as the command line gave it.
enum DataPart {
    /// `-d`: as it will be sent; `@FILE` reads it from FILE (a form's without line breaks).
    Data(String),
    /// `--data-raw`: as it will be sent, `@` included.
    Raw(String),
    /// `--data-binary`: as `-d`, but `@FILE` is read byte for byte whatever the body.
    Binary(String),
    /// `--data-urlencode`: its text percent-encoded, in curl's forms.
    UrlEncode(String),
}

impl RequestLine {
    /// Puts the values of -d and the other --data flags in `parts`, in the order the command line gave
    /// them.
    pub(crate) fn in_order(&mut self, matches: &clap::ArgMatches) {
        use std::mem::take;
        let flags = [
            (
                "data",
                take(&mut self.data),
                DataPart::Data as fn(String) -> DataPart,
            ),
            ("data_raw", take(&mut self.data_raw), DataPart::Raw),
            ("data_binary", take(&mut self.data_binary), DataPart::Binary),
            (
                "data_urlencode",
                take(&mut self.data_urlencode),
                DataPart::UrlEncode,
            ),
        ];
        let mut parts = Vec::new();
        for (id, values, part) in flags {
            let positions: Vec<usize> = matches.indices_of(id).into_iter().flatten().collect();
            // Zipped: a position lost would drop a part without a word.
            assert_eq!(
                positions.len(),
                values.len(),
                "clap records each value's position"
            );
            parts.extend(positions.into_iter().zip(values.into_iter().map(part)));
        }
        parts.sort_by_key(|&(position, _)| position);
        self.parts = parts.into_iter().map(|(_, part)| part).collect();
    }

    /// The data: the parts joined with `&` (`-d @FILE` read from FILE, without its line breaks when
    /// the data is `form`-encoded), checked to be a form unless `typed` (a content type is given).
    fn data(&self, typed: bool, form: bool) -> Result<Option<Vec<u8>>, Failure> {
        if self.parts.is_empty() {
            return Ok(None);
        }
        let mut data = Vec::new();
        for (i, piece) in self.parts.iter().enumerate() {
            if i > 0 {
                data.push(b'&');
            }
            match piece {
                DataPart::Data(part) | DataPart::Binary(part) => match part.strip_prefix('@') {
                    Some(path) => {
                        let flag = match piece {
                            DataPart::Data(_) => "--data",
                            _ => "--data-binary",
                        };
                        let mut contents = read_data_file(path, &format!("{flag} {part}"))?;
                        if form && matches!(piece, DataPart::Data(_)) {
                            // A form file is one line that editors end with a line break, which
                            // curl drops too (--data-binary keeps it, as curl's does).
                            contents.retain(|&b| !matches!(b, b'\r' | b'\n'));
                        }
                        data.append(&mut contents);
                    }
                    None => data.extend_from_slice(part.as_bytes()),
                },
                DataPart::Raw(part) => data.extend_from_slice(part.as_bytes()),
                DataPart::UrlEncode(spec) => data.extend_from_slice(url_encoded(spec)?.as_bytes()),
            }
        }
        // Octets a form never holds unencoded: JSON, XML, text.
        let not_form = |b: u8| !b.is_ascii_graphic() || b"{}[]\"<>\\^`|".contains(&b);
        if !typed && let Some(at) = data.iter().position(|&b| not_form(b)) {
            let kind = match data[at] {
                b if b.is_ascii() => character_kind(char::from(b)),
                _ => String::from("a non-ASCII character"),
            };
            let (form, otherwise) = match self.get {
                true => ("a query", ""),
                false => (
                    "a form",
                    ", or give the body's --content-type (and --body-hash sha1 to cover it)",
                ),
            };
            return Err(Failure::usage(format!(
                "--data holds {kind} at byte {at}, which {form} never holds unencoded: percent-encode \
                 it (--data-urlencode does){otherwise}"
            )));
        }
        Ok(Some(data))
    }

    /// The request to `url`, its body (if any) with its content type, and `headers` (`name: value`).
    /// Each piece is checked on its own, so that an error names its flag and what is wrong.
    pub(crate) fn request(&self, url: &str, headers: &[String]) -> Result<Outgoing, Failure> {
        let method = match &self.method {
            Some(method) => method.as_str(),
            None if self.get || (self.parts.is_empty() && self.form.is_empty()) => "GET",
            None => "POST",
        };
        let method = http::Method::from_bytes(method.as_bytes()).map_err(|_| {
            Failure::usage(format!(
                "--method {method:?} is not an HTTP method (letters, digits and !#$%&'*+-.^_`|~ only)"
            ))
        })?;
        if self.parts.is_empty() && self.content_type.is_some() {
            return Err(Failure::usage("--content-type goes with --data"));
        }
        let url = match self.get {
            true => with_query(url, self.query()?.as_deref()),
            false => url.to_owned(),
        };
        let uri: http::Uri = url.parse().map_err(|e| Failure::usage(url_problem(&url, &e)))?;
        let mut fields = http::HeaderMap::new();
        let mut own_content_type = false;
        for header in headers {
            // Never quoted whole: a header's value may be a key.
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| Failure::usage("-H expects 'name: value', and one has no ':'"))?;
            let name = http::HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| Failure::usage(format!("-H {:?}: not a header name", name.trim())))?;
            let value = header_value(value.trim()).ok_or_else(|| {
                Failure::usage(format!(
                    "-H {name}: its value holds a character a header cannot (a control character)"
                ))
            })?;
            if name == http::header::CONTENT_TYPE {
                // One Content-Type on the wire, and the one the signer reads.
                if own_content_type || self.content_type.is_some() {
                    return Err(Failure::usage(
                        "the content type is given twice (--content-type, -H Content-Type): give it once",
                    ));
                }
                own_content_type = true;
            }
            fields.append(name, value);
        }
        if !self.form.is_empty() {
            if own_content_type {
                return Err(Failure::usage(
                    "-H Content-Type: -F sends multipart/form-data with a boundary of its own; drop it",
                ));
            }
            let (content_type, body, text_fields) = multipart(&self.form)?;
            fields.insert(http::header::CONTENT_TYPE, content_type);
            let mut request = Request::new(body);
            *request.method_mut() = method;
            *request.uri_mut() = uri;
            *request.headers_mut() = fields;
            return Ok(Outgoing { request, text_fields });
        }
        let has_body = !self.get && !self.parts.is_empty();
        if has_body && !own_content_type {
            let content_type = self
                .content_type
                .as_deref()
                .unwrap_or("application/x-www-form-urlencoded");
            let content_type = header_value(content_type).ok_or_else(|| {
                Failure::usage("--content-type holds a character a header cannot (a control character)")
            })?;
            fields.insert(http::header::CONTENT_TYPE, content_type);
        }
        let body = match has_body {
            // Whether the body is signed as a form is the signer's call: ask it the same way.
            true => self.data(
                own_content_type || self.content_type.is_some(),
                oauth1_core::body::is_form_urlencoded(&fields),
            )?,
            false => None,
        };
        let mut request = Request::new(body.unwrap_or_default());
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = fields;
        Ok(Outgoing {
            request,
            text_fields: Vec::new(),
        })
    }

    /// With -G: the data for the query, always a form (curl -G reads `-d @FILE` as for a form body).
    fn query(&self) -> Result<Option<String>, Failure> {
        if self.content_type.is_some() {
            return Err(Failure::usage(
                "--content-type names a body's type, and with -G the data goes in the query",
            ));
        }
        // Checked to hold printable ASCII only, so each octet is its character.
        let query = self.data(false, true)?;
        Ok(query.map(|query| query.into_iter().map(char::from).collect()))
    }
}

/// A request built from the command line, and the text fields of its multipart body (-F `name=value`
/// and `name=<FILE`), which some providers sign.
pub(crate) struct Outgoing {
    pub(crate) request: Request<Vec<u8>>,
    text_fields: TextFields,
}

/// A multipart body's text fields, each name and value (-F `name=value`, `name=<FILE`).
pub(crate) type TextFields = Vec<(String, Vec<u8>)>;

impl Outgoing {
    /// What `signer` signs: the request, or where the provider signs a multipart body's text fields
    /// (Flickr, WooCommerce), core's stand-in holding them.
    pub(crate) fn as_signed(
        &self,
        signer: &Signer<'_, AnyMethod<'_>>,
        rules: &SigningRules,
    ) -> Result<std::borrow::Cow<'_, Request<Vec<u8>>>, Failure> {
        match signed_fields(&self.text_fields, &self.request, rules)? {
            Some(fields) => signer
                .multipart_as_signed(&self.request, &fields)
                .map(std::borrow::Cow::Owned)
                .map_err(Failure::usage),
            None => Ok(std::borrow::Cow::Borrowed(&self.request)),
        }
    }

    /// Signs the request in place, as [`as_signed`](Self::as_signed) says it is signed.
    pub(crate) fn authorize(
        &mut self,
        signer: &Signer<'_, AnyMethod<'_>>,
        rules: &SigningRules,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Failure> {
        let signed = match signed_fields(&self.text_fields, &self.request, rules)? {
            Some(fields) => signer.authorize_multipart(&mut self.request, &fields, nonce, timestamp),
            None => signer.authorize(&mut self.request, nonce, timestamp),
        };
        signed.map_err(Failure::usage)
    }
}

/// `text_fields` as the signer takes them, when the provider signs a multipart body's text fields and
/// `request`'s body is multipart; a field the signer takes must be UTF-8 text.
fn signed_fields<'f>(
    text_fields: &'f TextFields,
    request: &Request<Vec<u8>>,
    rules: &SigningRules,
) -> Result<Option<Vec<(&'f str, &'f str)>>, Failure> {
    if !rules.multipart_fields || !oauth1_core::body::is_multipart_form(request.headers()) {
        return Ok(None);
    }
    let fields = text_fields.iter().map(|(name, value)| {
        let value = std::str::from_utf8(value).map_err(|_| {
            Failure::usage(format!(
                "-F {name}=<FILE: the provider signs a multipart body's text fields, and this \
                     file is not UTF-8 text"
            ))
        })?;
        Ok((name.as_str(), value))
    });
    fields.collect::<Result<_, _>>().map(Some)
}

/// `url` with `query` appended to its query (started with `?` when it has none), before any
/// `#fragment`, as curl -G appends its data.
fn with_query(url: &str, query: Option<&str>) -> String {
    let Some(query) = query.filter(|query| !query.is_empty()) else {
        return url.to_owned();
    };
    let (head, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let separator = match head.find('?') {
        None => "?",
        Some(_) if head.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    format!("{head}{separator}{query}{fragment}")
}

/// A --data-urlencode part in curl's forms: up to the first `=`, a name taken as it is, then text to
/// encode; without `=`, up to the first `@` a name, then a file whose text to encode; else all text.
/// The name gets its `=` only when it is not empty (`=text` is the text alone).
fn url_encoded(spec: &str) -> Result<String, Failure> {
    let (name, text) = if let Some((name, text)) = spec.split_once('=') {
        (name, std::borrow::Cow::Borrowed(text))
    } else if let Some((name, path)) = spec.split_once('@') {
        let what = format!("--data-urlencode {spec}");
        let contents = read_data_file(path, &what)?;
        let text = String::from_utf8(contents)
            .map_err(|_| Failure::File(format!("{what}: not UTF-8 text, which a form holds")))?;
        (name, std::borrow::Cow::Owned(text))
    } else {
        ("", std::borrow::Cow::Borrowed(spec))
    };
    let encoded = oauth1_core::encode::percent_encode(&text);
    Ok(match name {
        "" => encoded.to_string(),
        name => format!("{name}={encoded}"),
    })
}

/// Why `http` refuses `url`: the first character RFC 3986 never allows unencoded, by its kind and
/// place (a URL's query may hold a key), else `http`'s own reason.
fn url_problem(url: &str, error: &http::uri::InvalidUri) -> String {
    let never_unencoded = |c: char| c.is_ascii_control() || " \"<>\\^`{|}".contains(c);
    match url.char_indices().find(|&(_, c)| never_unencoded(c)) {
        Some((at, c)) => format!(
            "--url holds {} at byte {at}, which a URL never holds unencoded: percent-encode it (a \
             space is %20)",
            character_kind(c)
        ),
        None => format!("--url: {error}"),
    }
}

/// A character an argument must not hold unencoded, named by its kind where printing it could show
/// part of a value (or break the line).
fn character_kind(c: char) -> String {
    match c {
        ' ' => String::from("a space"),
        c if c.is_ascii_control() => String::from("a control character"),
        c if !c.is_ascii() => String::from("a non-ASCII character"),
        c => format!("'{c}'"),
    }
}

/// The URL `target` (or `--url`) names: a URL as it is, or a path joined to the provider's API base.
pub(crate) fn resolve_url(
    line: &RequestLine,
    target: Option<&str>,
    provider: Option<&Provider>,
) -> Result<String, Failure> {
    let Some(target) = target.or(line.url.as_deref()) else {
        return Err(Failure::usage(
            "no URL: give --url or the URL as the last argument",
        ));
    };
    if !target.starts_with('/') {
        if !target.contains("://") {
            return Err(Failure::usage(
                "--url is neither a URL (https://host/…) nor a path (/…) to join to the API base",
            ));
        }
        return Ok(target.to_owned());
    }
    match provider.and_then(Provider::api_base) {
        Some(base) => Ok(format!("{base}{target}")),
        None => Err(Failure::usage(format!(
            "{target}: the request URI is not absolute; a path alone needs --profile or --provider with \
             an API base"
        ))),
    }
}

/// Refuses plain http to a host that is not loopback, unless `allowed`. (Any other scheme is left to
/// core, which refuses it as what it is.)
pub(crate) fn check_transport(url: &str, allowed: bool) -> Result<(), Failure> {
    let uri: http::Uri = url.parse().map_err(|e| Failure::usage(format!("{url}: {e}")))?;
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
        return Err(Failure::usage(format!("{url}: not an absolute URL")));
    };
    if !scheme.eq_ignore_ascii_case("http") || allowed || oauth1_core::provider::is_loopback(host) {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "{url}: plain http to {host} would send the credentials in clear; use https, or --insecure-http"
    )))
}

/// A header value from text the user gave: its UTF-8 octets, as curl sends them, or `None` for a line
/// break or another control character. (`HeaderValue::from_str` refuses any non-ASCII from http 1.6 on.)
fn header_value(text: &str) -> Option<http::HeaderValue> {
    http::HeaderValue::from_bytes(text.as_bytes()).ok()
}

/// The User-Agent for `-A` (this program's name and version without it).
pub(crate) fn user_agent(given: Option<&str>) -> Result<http::HeaderValue, Failure> {
    let name = given.unwrap_or(concat!("oauth1/", env!("CARGO_PKG_VERSION")));
    header_value(name).ok_or_else(|| {
        Failure::usage("--user-agent: a header value holds no line break or control character")
    })
}
