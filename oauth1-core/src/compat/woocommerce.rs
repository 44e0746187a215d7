//! WooCommerce's base string. Its REST API (`WC_REST_Authentication::check_oauth_signature`) does not
//! read the request's parameters as RFC 5849 does but as PHP's `$_GET` and `$_POST` hold them:
//! - a name `a[b][c]` is a path into nested arrays, `a[]` appends at the next integer index, a later
//!   value of the same path replaces the earlier one (the first one's place is kept), `.` and ` ` in
//!   a top-level name read as `_`, and an unclosed first `[` joins the name with `_`;
//! - the form body's top-level names replace the query's (`array_merge($_GET, $_POST)`);
//! - the top-level names are sorted byte-wise, each array keeps its insertion order;
//! - each leaf is written as `rawurlencode(path=value)`, where the path is the top-level name encoded
//!   once and each array key, raw, between `%5B` and `%5D`, and the value is encoded once.
//!
//! For names of letters, digits, `-`, `_` and `~` that repeat nowhere, that is RFC 5849's base string
//! (RFC 5849 sorts the encoded names, PHP the decoded ones, and they order a reserved character
//! differently). Where PHP would read a name in a way this module does not model (a top-level integer
//! name, which `array_merge` renumbers; a negative array index, whose successor changed with PHP 8.3;
//! nesting deeper than PHP's default 64 levels, which drops the variable; a NUL), signing is refused
//! rather than done differently.
//! `tests/vectors/woocommerce.json` holds base strings PHP computed this way.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use crate::body::is_multipart_form;
use crate::encode::{Sink, encode_to, form_decode_bytes, form_pair_offsets};
use crate::error::{InputError, InputProblem};
use crate::protocol::Protocol;
use crate::signer::{MULTIPART_NEEDS_FIELDS, Placement};

use super::php_integer_key;

/// PHP's default `max_input_nesting_level`.
const MAX_DEPTH: usize = 64;

/// A value of a PHP array built from a form.
enum Value {
    Leaf(Vec<u8>),
    Array(Entries),
}

/// A PHP array: its entries in insertion order, found by key in logarithmic time (a form with many names
/// is read in time near linear in its length), and the index its next `[]` entry gets.
struct Entries {
    items: Vec<(Vec<u8>, Value)>,
    index: BTreeMap<Vec<u8>, usize>,
    /// One past the largest integer key, or 0; `None` past `i64::MAX`, where PHP adds no entry.
    next: Option<i64>,
}

impl Entries {
    fn new() -> Self {
        Self {
            items: Vec::new(),
            index: BTreeMap::new(),
            next: Some(0),
        }
    }

    /// Sets `key` to `value`: in the earlier entry's place when the key is there.
    fn set(&mut self, key: Vec<u8>, value: Value) {
        let at = self.position(key, || Value::Leaf(Vec::new()));
        self.items[at].1 = value;
    }

    /// Where `key`'s entry is, added (made by `make`) when it is not there.
    fn position(&mut self, key: Vec<u8>, make: impl FnOnce() -> Value) -> usize {
        if let Some(&at) = self.index.get(&key) {
            return at;
        }
        if let Some(n) = php_integer_key(&key) {
            self.next = self
                .next
                .and_then(|next| if n >= next { n.checked_add(1) } else { Some(next) });
        }
        let at = self.items.len();
        self.index.insert(key.clone(), at);
        self.items.push((key, make()));
        at
    }

    /// The key PHP gives the next `[]` entry.
    fn next_key(&self) -> Option<Vec<u8>> {
        self.next.map(|next| alloc::format!("{next}").into_bytes())
    }
}

/// Feeds the rest of WooCommerce's base string to `sink`, after `METHOD&encoded-base-URI&`: the
/// parameters of `query`, of a form `body` and the `protocol` parameters, as its server joins them.
///
/// # Errors
/// A name PHP reads in a way this module does not model, or a multipart body (PHP signs its text
/// fields, which only [`Signer::authorize_multipart`](crate::Signer::authorize_multipart) is given).
/// Nothing is written then.
pub(crate) fn write_woocommerce_parameters(
    query: Option<&str>,
    body: Option<&[u8]>,
    headers: &http::HeaderMap,
    protocol: &Protocol<'_, '_>,
    sink: &mut impl Sink,
) -> Result<(), InputError> {
    if is_multipart_form(headers) {
        return Err(InputError::new(
            "request body",
            InputProblem::Invalid(MULTIPART_NEEDS_FIELDS),
        ));
    }
    let mut merged = match query {
        Some(query) => read(query.as_bytes(), Placement::Query)?,
        None => Entries::new(),
    };
    if let Some(body) = body {
        for (name, value) in read(body, Placement::Body)?.items {
            merged.set(name, value);
        }
    }
    protocol.for_each_plain(None, |name, value| {
        merged.set(name.as_bytes().to_vec(), Value::Leaf(value.as_bytes().to_vec()));
    });
    let mut top = merged.items;
    top.sort_by(|a, b| a.0.cmp(&b.0));
    let mut first = true;
    for (name, value) in &top {
        let mut path = Vec::new();
        encode_to(name, &mut path);
        write_leaves(path, value, &mut first, sink);
    }
    Ok(())
}

/// Writes each leaf under `path` as `%26`-separated `rawurlencode(path=rawurlencode(value))`.
fn write_leaves(path: Vec<u8>, value: &Value, first: &mut bool, sink: &mut impl Sink) {
    match value {
        Value::Leaf(text) => {
            let mut line = path;
            line.push(b'=');
            encode_to(text, &mut line);
            if !core::mem::take(first) {
                sink.put(b"%26");
            }
            encode_to(&line, sink);
        }
        Value::Array(entries) => {
            for (key, inner) in &entries.items {
                let mut deeper = path.clone();
                deeper.extend_from_slice(b"%5B");
                deeper.extend_from_slice(key);
                deeper.extend_from_slice(b"%5D");
                write_leaves(deeper, inner, first, sink);
            }
        }
    }
}

/// A form as PHP's `parse_str` builds its array.
fn read(form: &[u8], placement: Placement) -> Result<Entries, InputError> {
    let invalid = |why| InputError::new(placement.field(), InputProblem::Invalid(why));
    let text = core::str::from_utf8(form).map_err(|_| invalid("is not UTF-8"))?;
    let mut top = Entries::new();
    for (name, value) in form_pair_offsets(text) {
        let decode = |range: core::ops::Range<usize>| {
            form_decode_bytes(&form[range])
                .map_err(|e| InputError::new(placement.field(), InputProblem::BadEncoding(e)))
        };
        let (name, value) = (decode(name)?, decode(value)?);
        let Some((base, keys)) = path(&name).map_err(invalid)? else {
            continue;
        };
        insert(&mut top, base, &keys, value.into_owned()).map_err(invalid)?;
    }
    Ok(top)
}

/// A name's top-level name and its array keys (`None` for `[]`), as PHP splits it; `None` for a name
/// PHP ignores (nothing before the first `[`).
#[allow(clippy::type_complexity)]
fn path(name: &[u8]) -> Result<Option<(Vec<u8>, Vec<Option<Vec<u8>>>)>, &'static str> {
    if name.contains(&0) {
        return Err("holds a name with a NUL, which WooCommerce's PHP cuts short");
    }
    let name = &name[name.iter().take_while(|&&b| b == b' ').count()..];
    let (base, mut rest) = match name.iter().position(|&b| b == b'[') {
        Some(at) => (&name[..at], &name[at..]),
        None => (name, &name[name.len()..]),
    };
    if base.is_empty() {
        return Ok(None);
    }
    let mut base: Vec<u8> = base
        .iter()
        .map(|&b| if b == b' ' || b == b'.' { b'_' } else { b })
        .collect();
    let mut keys: Vec<Option<Vec<u8>>> = Vec::new();
    let mut depth = 0;
    // Each `[` opens a key up to the next `]`; anything after a `]` that is not a `[` is ignored.
    while rest.first() == Some(&b'[') {
        depth += 1;
        let tail = &rest[1..];
        let Some(close) = tail.iter().position(|&b| b == b']') else {
            // PHP joins an unclosed first key to the name with `_`, its ' ', '.' and '[' read as '_';
            // after a closed key, it drops the rest.
            if keys.is_empty() {
                base.push(b'_');
                base.extend(
                    tail.iter()
                        .map(|&b| if matches!(b, b' ' | b'.' | b'[') { b'_' } else { b }),
                );
            }
            break;
        };
        keys.push((close > 0).then(|| tail[..close].to_vec()));
        rest = &tail[close + 1..];
    }
    if depth > MAX_DEPTH {
        return Err("holds a name nested deeper than PHP reads (it drops the whole variable)");
    }
    if php_integer_key(&base).is_some() {
        return Err("holds an integer name, which WooCommerce's PHP renumbers");
    }
    if keys
        .iter()
        .flatten()
        .any(|key| php_integer_key(key).is_some_and(|n| n < 0))
    {
        return Err("holds a negative array index, whose successor PHP versions differ on");
    }
    Ok(Some((base, keys)))
}

/// Sets `keys` under `name` in `entries` to `value`, as PHP registers one form variable.
fn insert(
    entries: &mut Entries,
    name: Vec<u8>,
    keys: &[Option<Vec<u8>>],
    value: Vec<u8>,
) -> Result<(), &'static str> {
    let Some((key, deeper)) = keys.split_first() else {
        entries.set(name, Value::Leaf(value));
        return Ok(());
    };
    let at = entries.position(name, || Value::Array(Entries::new()));
    let slot = &mut entries.items[at].1;
    if let Value::Leaf(_) = slot {
        // A value where an array now goes is replaced by one.
        *slot = Value::Array(Entries::new());
    }
    let Value::Array(inner) = slot else {
        unreachable!("made an array just above")
    };
    let key = match key {
        Some(key) => key.clone(),
        None => inner
            .next_key()
            .ok_or("holds an array index past PHP's largest")?,
    };
    insert(inner, key, deeper, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn flat(form: &str) -> Vec<String> {
        let mut out = Vec::new();
        fn walk(path: String, value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Leaf(v) => out.push(alloc::format!("{path}={}", String::from_utf8_lossy(v))),
                Value::Array(entries) => {
                    for (k, v) in &entries.items {
                        walk(alloc::format!("{path}[{}]", String::from_utf8_lossy(k)), v, out);
                    }
                }
            }
        }
        for (name, value) in read(form.as_bytes(), Placement::Query).unwrap().items {
            walk(String::from_utf8(name).unwrap(), &value, &mut out);
        }
        out
    }

    #[test]
    fn names_read_as_php_reads_them() {
        assert_eq!(
            flat("a[]=1&a[]=2&a[7]=x&a[]=3"),
            ["a[0]=1", "a[1]=2", "a[7]=x", "a[8]=3"]
        );
        assert_eq!(flat("b[c]=1&b[a]=2&b[c]=3"), ["b[c]=3", "b[a]=2"]);
        assert_eq!(
            flat("x.y=1&%20z%20w=2&q[a]b=3&[c]=4"),
            ["x_y=1", "z_w=2", "q[a]=3"]
        );
        assert_eq!(flat("a=1&a[b]=2"), ["a[b]=2"]);
        assert_eq!(flat("a[b]=2&a=1"), ["a=1"]);
        assert_eq!(
            flat("m[a][]=1&m[a][]=2&m[b]=+"),
            ["m[a][0]=1", "m[a][1]=2", "m[b]= "]
        );
    }

    #[test]
    fn many_appends_count_on_and_the_last_index_ends_them() {
        let form = alloc::format!("a[5]=x&{}", "a[]=y&".repeat(20_000));
        let entries = flat(&form);
        assert_eq!(entries.len(), 20_001);
        assert_eq!(entries[1], "a[6]=y");
        assert_eq!(entries[20_000], "a[20005]=y");
        assert!(read(b"a[9223372036854775807]=x&a[]=y", Placement::Query).is_err());
        assert_eq!(flat("a[9223372036854775806]=x&a[]=y").len(), 2);
    }

    #[test]
    fn names_php_reads_otherwise_are_refused() {
        for form in ["5=x", "-1=x", "a[-2]=1", "a%00b=1"] {
            assert!(read(form.as_bytes(), Placement::Query).is_err(), "{form}");
        }
        let deep = alloc::format!("a{}=1", "[k]".repeat(MAX_DEPTH + 1));
        assert!(read(deep.as_bytes(), Placement::Query).is_err());
        let deepest = alloc::format!("a{}=1", "[k]".repeat(MAX_DEPTH));
        assert!(read(deepest.as_bytes(), Placement::Query).is_ok());
        // A leading zero makes a string key; an unclosed first `[` joins the name with `_`, a later
        // one is dropped.
        assert_eq!(
            flat("05=x&a[05]=1&a[]=2&a[b][c.d=3&e[f.g h[=4&g[][h=5"),
            ["05=x", "a[05]=1", "a[0]=2", "a[b]=3", "e_f_g_h_=4", "g[0]=5"]
        );
    }
}
