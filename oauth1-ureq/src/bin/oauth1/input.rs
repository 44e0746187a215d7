//! What the program reads besides its flags — data files, standard input, the PIN, key files — each
//! read with a bound on its size (and the PIN within a deadline).

use std::io::BufRead as _;
use std::path::Path;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use oauth1_core::rsa::RsaPrivateKey;

use crate::Failure;

/// Reads the user's answer, one line of standard input, within `deadline`. The reading thread is
/// left behind on timeout: the command ends with the error.
pub(crate) fn read_answer(deadline: Duration) -> Result<String, Failure> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut answer = String::new();
        let read = std::io::Read::take(std::io::stdin().lock(), MAX_ANSWER_BYTES).read_line(&mut answer);
        // After the deadline nobody listens any more; the command has ended with its error.
        let _ = sender.send(read.map(|read| (read, answer)));
    });
    let (read, answer) = match receiver.recv_timeout(deadline) {
        Ok(read) => read.map_err(|e| Failure::Refused(format!("reading the PIN: {e}")))?,
        Err(RecvTimeoutError::Disconnected) => {
            return Err(Failure::Refused(
                "reading the PIN: the reader stopped without an answer".to_owned(),
            ));
        }
        Err(RecvTimeoutError::Timeout) => {
            return Err(Failure::Refused(format!(
                "no answer within {} s (--pin-timeout); the request token may have expired too: \
                 run authorize again",
                deadline.as_secs()
            )));
        }
    };
    if read as u64 == MAX_ANSWER_BYTES && !answer.ends_with('\n') {
        return Err(Failure::Refused(format!(
            "the answer is longer than {MAX_ANSWER_BYTES} bytes without a line end: paste the PIN \
             or the callback URL, one line"
        )));
    }
    if read == 0 {
        return Err(Failure::Refused(
            "no PIN: standard input ended before a line was read (run it at a terminal, or pipe \
             the PIN or the callback URL in)"
                .to_owned(),
        ));
    }
    Ok(answer)
}

/// The largest body part `-d @FILE` reads: a bound on a device or a wrong file named by mistake,
/// far above what an API call carries (Twitter's media chunks are at most 5 MB).
pub(crate) const MAX_DATA_FILE_BYTES: u64 = 64 << 20;

/// Everything `source` holds when that is at most `max` bytes, else `None`: the bound on a device or
/// a wrong file named by mistake, read no further than one byte past it.
pub(crate) fn read_at_most(source: impl std::io::Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut contents = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(source, max + 1), &mut contents)?;
    Ok((contents.len() as u64 <= max).then_some(contents))
}

/// The contents of `path` (`-` is standard input), for `-d @path` and `--data-urlencode`; an error
/// names `what` (the flag and its value).
pub(crate) fn read_data_file(path: &str, what: &str) -> Result<Vec<u8>, Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::File(format!("{what}: {e}"));
    let source: Box<dyn std::io::Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| failed(&e))?)
    };
    read_at_most(source, MAX_DATA_FILE_BYTES)
        .map_err(|e| failed(&e))?
        .ok_or_else(|| failed(&format_args!("larger than {MAX_DATA_FILE_BYTES} bytes")))
}

/// The longest answer `authorize` reads: far more than a PIN or a callback URL, and a bound on a
/// stream piped in by mistake.
const MAX_ANSWER_BYTES: u64 = 16 * 1024;

/// The largest key file read: a PEM key of 16384 bits is about 13 KB, so this leaves room for
/// certificates around it and bounds a device or a wrong file named by mistake.
const MAX_KEY_FILE_BYTES: u64 = 1 << 20;

/// Reads the private key for the RSA methods: PEM, or (a file that is not text) PKCS#8 DER, as
/// `openssl pkcs8 -outform DER` and Java's `PKCS8EncodedKeySpec` write it.
pub(crate) fn read_rsa_key(path: &Path) -> Result<RsaPrivateKey, String> {
    let failed = |e: &dyn std::fmt::Display| format!("--rsa-key {}: {e}", path.display());
    let bytes = read_key_file(path, "--rsa-key")?;
    match std::str::from_utf8(&bytes) {
        Ok(pem) => RsaPrivateKey::from_pem(pem).map_err(|e| failed(&e)),
        Err(_) => RsaPrivateKey::from_pkcs8_der(&bytes).map_err(|e| {
            failed(&format_args!(
                "not text, so read as DER: {e} (a PKCS#12 .p12 file converts with `openssl pkcs12 \
                 -in key.p12 -nocerts -nodes -out key.pem`)"
            ))
        }),
    }
}

/// A key file's bytes (`flag` names it in the error), refused past [`MAX_KEY_FILE_BYTES`].
pub(crate) fn read_key_file(path: &Path, flag: &str) -> Result<Vec<u8>, String> {
    let failed = |e: &dyn std::fmt::Display| format!("{flag} {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(|e| failed(&e))?;
    read_at_most(file, MAX_KEY_FILE_BYTES)
        .map_err(|e| failed(&e))?
        .ok_or_else(|| {
            failed(&format_args!(
                "larger than {MAX_KEY_FILE_BYTES} bytes, so not a key file"
            ))
        })
}
