//! Generators the property tests share, and the HMAC they compute without oauth1-core.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use oauth1_core::BuiltinMethod;
use proptest::prelude::*;

/// Any text, weighted towards the characters that trip encoders up.
#[allow(dead_code)] // verify.rs uses only the HMAC
pub(crate) fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~-]{0,8}",
        "[ !*'();:@&=+$,/?#%\\[\\]]{0,8}",
        "[a-z +%&=éü☃𝄞]{0,8}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// HMAC of `base_string` with `key` as it stands, in base64: a signature computed here, not by
/// oauth1-core (HMAC-SHA1 and HMAC-SHA256, the methods the property tests generate).
pub(crate) fn hmac_base64(method: BuiltinMethod, key: &str, base_string: &str) -> String {
    fn mac<M: Mac + KeyInit>(key: &str, text: &str) -> Vec<u8> {
        let mut mac = <M as KeyInit>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(text.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
    let digest = match method {
        BuiltinMethod::HmacSha1 => mac::<hmac::Hmac<sha1::Sha1>>(key, base_string),
        BuiltinMethod::HmacSha256 => mac::<hmac::Hmac<sha2::Sha256>>(key, base_string),
        other => panic!("{other} is not generated"),
    };
    base64::engine::general_purpose::STANDARD.encode(digest)
}
