//! Base strings by a provider's documented departure from RFC 5849 ([`Compat`](crate::Compat)): what
//! the provider's own signer or verifier computes, which is what its server checks.

mod magento;
mod mastercard;
mod woocommerce;

pub(crate) use magento::magento_parameters;
pub(crate) use mastercard::write_mastercard_parameters;
pub(crate) use woocommerce::write_woocommerce_parameters;
