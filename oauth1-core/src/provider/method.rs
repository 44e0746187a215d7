//! The signature method a provider's profile names, for a step or signer not given one.

use crate::error::SigningError;
use crate::provider::MethodName;
use crate::signature::{
    BuiltinMethod, BuiltinWriter, Signature, SignatureMethod, SignatureWriter, SigningKey,
};

/// The method a [`SigningRules`](crate::SigningRules) names, as a [`SignatureMethod`]: the flow steps'
/// and [`Provider::signer`](crate::Provider::signer)'s method until `.method(…)` replaces it.
///
/// The shared-secret methods sign. The RSA ones need the client's private key, which a profile does not
/// hold: signing with one fails with a [`SigningError`] that says to give the key with
/// `.method(Rsa::…(&key))`, rather than falling back to another method the provider would refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileMethod(MethodName);

impl ProfileMethod {
    /// The method `name` names.
    pub const fn new(name: MethodName) -> Self {
        Self(name)
    }

    /// Its name.
    pub const fn name(self) -> MethodName {
        self.0
    }

    /// The shared-secret method of that name; `None` for the RSA ones.
    fn builtin(self) -> Option<BuiltinMethod> {
        BuiltinMethod::from_name(self.0.as_str())
    }
}

/// The writer of a [`ProfileMethod`].
#[allow(clippy::large_enum_variant)] // Lives on the stack for one signature; boxing would allocate.
#[derive(Clone)]
pub enum ProfileWriter {
    /// A shared-secret method's writer.
    Shared(BuiltinWriter),
    /// An RSA method, named, without its key: it cannot sign.
    KeyNeeded(&'static str),
}

impl SignatureMethod for ProfileMethod {
    type Writer = ProfileWriter;

    fn name(&self) -> &'static str {
        self.0.as_str()
    }

    fn writer(&self, key: &SigningKey<'_>) -> ProfileWriter {
        match self.builtin() {
            Some(method) => ProfileWriter::Shared(method.writer(key)),
            None => ProfileWriter::KeyNeeded(self.0.as_str()),
        }
    }

    fn uses_base_string(&self) -> bool {
        self.builtin().is_none_or(|method| method.uses_base_string())
    }
}

impl SignatureWriter for ProfileWriter {
    fn write(&mut self, base_string_piece: &[u8]) {
        if let Self::Shared(writer) = self {
            writer.write(base_string_piece);
        }
    }

    fn finish(self) -> Result<Signature, SigningError> {
        match self {
            Self::Shared(writer) => writer.finish(),
            Self::KeyNeeded(name) => Err(SigningError::new(
                name,
                "the provider signs with the client's RSA private key: give it with .method(Rsa::…(&key)) \
                 (feature `rsa`)",
            )),
        }
    }

    fn verify(self, signature: &str) -> bool {
        match self {
            Self::Shared(writer) => writer.verify(signature),
            Self::KeyNeeded(_) => false,
        }
    }
}
