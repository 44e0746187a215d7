//! Saved profiles, as twurl keeps `~/.twurlrc`, done safely: one JSON file, `profiles.json`, in the
//! platform's config directory (`dirs::config_dir()/oauth1`, or `OAUTH1_CONFIG_DIR`), written
//! atomically (a temporary file in the same directory, renamed over the old one) with owner-only
//! permissions: 0700 for the directory, 0600 for the file. A store anyone else can read is refused,
//! with the command that fixes it.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use oauth1_core::Provider;
use serde::{Deserialize, Serialize};

/// What `authorize --save NAME` keeps, and `--profile NAME` signs with.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Profile {
    /// The provider: its endpoints and signing rules.
    pub(crate) provider: Provider,
    pub(crate) consumer_key: String,
    pub(crate) consumer_secret: String,
    pub(crate) token: String,
    pub(crate) token_secret: String,
    /// The RSA private key's file, for an RSA provider (the key stays where it is).
    #[serde(default)]
    pub(crate) rsa_key: Option<PathBuf>,
}

/// Every saved profile, and which one is used when none is named.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Store {
    #[serde(default)]
    pub(crate) default: Option<String>,
    #[serde(default)]
    pub(crate) profiles: BTreeMap<String, Profile>,
}

/// Where the store lives: `OAUTH1_CONFIG_DIR`, else the platform's config directory.
pub(crate) fn directory() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("OAUTH1_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|dir| dir.join("oauth1"))
        .ok_or_else(|| "no config directory on this platform: set OAUTH1_CONFIG_DIR".to_owned())
}

/// The largest store read: a profile is a few hundred bytes, so this is thousands of them, and a
/// bound on a file that is not a store (a device linked in its place).
const MAX_STORE_BYTES: u64 = 4 << 20;

fn file(dir: &Path) -> PathBuf {
    dir.join("profiles.json")
}

impl Store {
    /// Reads the store (empty when there is none yet), refusing one that others can read.
    pub(crate) fn load() -> Result<Self, String> {
        let dir = directory()?;
        let path = file(&dir);
        if !path.exists() {
            return Ok(Self::default());
        }
        check_private(&dir, &path)?;
        let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let bytes = std::fs::File::open(&path)
            .and_then(|file| crate::input::read_at_most(file, MAX_STORE_BYTES))
            .map_err(|e| failed(&e))?
            .ok_or_else(|| {
                failed(&format_args!(
                    "larger than {MAX_STORE_BYTES} bytes: not a profile store"
                ))
            })?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("{}: not a profile store: {}", path.display(), describe(&e)))
    }

    /// Checks, before a flow whose tokens it will keep, that the store can be written: its directory
    /// made owner-only (or found so) and a file created in it. A store that cannot be saved would
    /// otherwise be found out only once the tokens are issued, and they would be lost.
    pub(crate) fn check_writable() -> Result<(), String> {
        temporary_file().map(drop)
    }

    /// Writes the store atomically, owner-only.
    pub(crate) fn save(&self) -> Result<PathBuf, String> {
        let (dir, mut temporary) = temporary_file()?;
        let path = file(&dir);
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        // NamedTempFile creates the file 0600 on Unix already; say so explicitly all the same.
        restrict(temporary.path(), 0o600)?;
        temporary
            .write_all(text.as_bytes())
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(|e| format!("{}: {e}", temporary.path().display()))?;
        temporary
            .persist(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// The profile `name`, or the default one when `name` is `None`.
    pub(crate) fn profile(&self, name: Option<&str>) -> Result<(&str, &Profile), String> {
        let name = match name {
            Some(name) => name,
            None => self
                .default
                .as_deref()
                .ok_or("no --profile given and no default profile saved")?,
        };
        self.profiles
            .get_key_value(name)
            .map(|(name, profile)| (name.as_str(), profile))
            .ok_or_else(|| format!("--profile {name}: no such profile (`oauth1 profiles` lists them)"))
    }
}

/// The store's directory, made owner-only when it is new (else checked to be), and a new temporary
/// file in it.
fn temporary_file() -> Result<(PathBuf, tempfile::NamedTempFile), String> {
    let dir = directory()?;
    create_private_dir(&dir)?;
    check_private(&dir, &dir)?;
    let temporary = tempfile::NamedTempFile::new_in(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok((dir, temporary))
}

/// serde_json's message without the value it found: a hand-edited store can hold a secret where
/// another type belongs (`"token_secret": 982451653`), and serde quotes what it found. What it
/// expected comes from our own types, and syntax errors never quote the input.
fn describe(error: &serde_json::Error) -> String {
    if error.classify() != serde_json::error::Category::Data {
        return error.to_string();
    }
    let message = error.to_string();
    if message.starts_with("missing field") || message.starts_with("duplicate field") {
        return message;
    }
    // The last ", expected " is serde's own: a quoted value comes before it.
    match message.rsplit_once(", expected ") {
        Some((_, expected)) => format!("a value of the wrong kind: expected {expected}"),
        None => format!(
            "a value it cannot use at line {} column {}",
            error.line(),
            error.column()
        ),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt as _;
    if dir.exists() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> Result<(), String> {
    Ok(())
}

/// Refuses a directory or file that its group or others can read or write.
#[cfg(unix)]
fn check_private(dir: &Path, path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    for (target, mode) in [(dir, 0o700), (path, 0o600)] {
        let metadata = std::fs::metadata(target).map_err(|e| format!("{}: {e}", target.display()))?;
        let actual = metadata.permissions().mode() & 0o777;
        if actual & 0o077 != 0 {
            return Err(format!(
                "{} is readable by others (mode {actual:o}), and it holds secrets; \
                 fix it with: chmod {mode:o} {}",
                target.display(),
                target.display()
            ));
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_dir: &Path, _path: &Path) -> Result<(), String> {
    Ok(())
}
