//! Base strings by a provider's documented departure from RFC 5849 ([`Compat`](crate::Compat)): what
//! the provider's own signer or verifier computes, which is what its server checks.

mod magento;
mod mastercard;
mod woocommerce;

pub(crate) use magento::magento_parameters;
pub(crate) use mastercard::write_mastercard_parameters;
pub(crate) use woocommerce::write_woocommerce_parameters;

/// `text` as the integer PHP makes of an array key: a decimal without leading zeros that fits in 64
/// bits (WooCommerce renumbers such top-level names; Magento's signer fails on them).
fn php_integer_key(text: &[u8]) -> Option<i64> {
    let digits = text.strip_prefix(b"-").unwrap_or(text);
    let canonical = match digits {
        [b'0'] => text.len() == 1,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !canonical {
        return None;
    }
    core::str::from_utf8(text).ok()?.parse().ok()
}
