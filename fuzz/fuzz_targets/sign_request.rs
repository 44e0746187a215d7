//! Signs arbitrary requests: any method, URI, content type and body must give a signature or a typed
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp};

fuzz_target!(|input: (&str, &str, bool, &[u8])| {
    let (uri, nonce, form, body) = input;
    let mut builder = oauth1_core::http::Request::post(uri);
    if form {
        builder = builder.header("content-type", "application/x-www-form-urlencoded");
    }
    let Ok(mut request) = builder.body(body.to_vec()) else { return };
    let Ok(nonce) = Nonce::new(nonce) else { return };
    let client = ClientCredentials::new("key", "secret");
    let _ = Signer::new(&client).authorize(&mut request, &nonce, Timestamp::from_secs(1));
});
