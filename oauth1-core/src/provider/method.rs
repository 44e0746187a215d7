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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::sign_base_string;

    /// A writer of `method` that has been given `text`.
    fn fed(method: ProfileMethod, key: &SigningKey<'_>, text: &str) -> ProfileWriter {
        let mut writer = method.writer(key);
        writer.write(text.as_bytes());
        writer
    }

    #[test]
    fn a_shared_secret_name_signs_and_verifies_as_its_method() {
        let key = SigningKey::new("consumer secret", Some("token secret"));
        let text = "GET&https%3A%2F%2Fexample.com%2F&a%3D1";
        for name in MethodName::ALL
            .into_iter()
            .filter(|name| !name.needs_private_key())
        {
            let method = ProfileMethod::new(name);
            let builtin = BuiltinMethod::from_name(name.as_str()).expect("a shared-secret name");
            let expected = sign_base_string(&builtin, &key, text).unwrap();
            let signature = fed(method, &key, text).finish().unwrap();
            assert_eq!(signature.as_str(), expected.as_str(), "{name}");
            assert!(fed(method, &key, text).verify(expected.as_str()), "{name}");
            let other = sign_base_string(&builtin, &key, "another text").unwrap();
            // PLAINTEXT does not read the text: its signature is the key either way.
            let differs = name != MethodName::Plaintext;
            assert_eq!(fed(method, &key, text).verify(other.as_str()), !differs, "{name}");
            assert!(!fed(method, &key, text).verify("bm90IGl0"), "{name}");
            assert_eq!(method.uses_base_string(), differs, "{name}");
        }
    }

    #[test]
    fn an_rsa_name_without_its_key_neither_signs_nor_verifies() {
        let key = SigningKey::new("", None);
        for name in MethodName::ALL
            .into_iter()
            .filter(|name| name.needs_private_key())
        {
            let method = ProfileMethod::new(name);
            assert_eq!(
                (method.name(), SignatureMethod::name(&method)),
                (name, name.as_str())
            );
            assert!(method.uses_base_string());
            let error = fed(method, &key, "text").finish().unwrap_err();
            assert!(error.to_string().contains(".method(Rsa::"), "{error}");
            assert!(!fed(method, &key, "text").verify(""), "{name}");
            assert!(!fed(method, &key, "text").verify("c2lnbmF0dXJl"), "{name}");
        }
    }
}
