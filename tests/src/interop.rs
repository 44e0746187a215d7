//! Running Python `oauthlib`, the independent implementation of the interop tests.
//!
//! The interpreter is `OAUTH1_PYTHON` if set, else the virtual environment `ci-venv` in cargo's target
//! directory (where `.ci/run` makes it). When neither has oauthlib, the environment is created here
//! (`python3 -m venv`, then `pip install` of [`PIP_PACKAGES`]), so plain `cargo test` on a fresh machine
//! runs the interop tests too.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The oauthlib version the vectors and interop tests were written against.
pub const OAUTHLIB_VERSION: &str = "4.0.1";

/// What pip installs: oauthlib, and the packages its RSA methods need (PyJWT on `cryptography`).
pub const PIP_PACKAGES: [&str; 3] = ["oauthlib==4.0.1", "PyJWT==2.15.1", "cryptography==50.0.2"];

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The target directory cargo builds into (`CARGO_TARGET_DIR` respected): the nearest ancestor of the
/// running test binary that holds cargo's `CACHEDIR.TAG`; `target/` of the repository otherwise.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().ok();
    exe.as_deref()
        .and_then(|exe| exe.ancestors().find(|dir| dir.join("CACHEDIR.TAG").is_file()))
        .map_or_else(|| repo_root().join("target"), Path::to_path_buf)
}

fn has_oauthlib(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import oauthlib, jwt, cryptography"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A Python interpreter that can import oauthlib, setting one up if needed.
///
/// # Errors
/// No interpreter could be found or prepared (no `python3`, no network for pip), with what failed.
pub fn python_with_oauthlib() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("OAUTH1_PYTHON") {
        let python = PathBuf::from(python);
        return if has_oauthlib(&python) {
            Ok(python)
        } else {
            Err(format!(
                "OAUTH1_PYTHON={} cannot import oauthlib",
                python.display()
            ))
        };
    }
    let venv = target_dir().join("ci-venv");
    let python = venv.join("bin").join("python");
    if has_oauthlib(&python) {
        return Ok(python);
    }
    if !python.exists() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .args(PIP_PACKAGES))?;
    if has_oauthlib(&python) {
        Ok(python)
    } else {
        Err(format!("{} still cannot import oauthlib", python.display()))
    }
}

/// The interpreter for tests that need oauthlib, set up once per test binary. `None` (with a line on
/// stderr) when it cannot be had; under `CI` that is a failure instead.
///
/// # Panics
/// Under `CI`, when no interpreter with oauthlib can be had.
pub fn python_or_skip() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    match PYTHON.get_or_init(python_with_oauthlib) {
        Ok(python) => Some(python.clone()),
        #[allow(clippy::panic)] // CI must not skip the independent implementation.
        Err(why) if std::env::var_os("CI").is_some() => panic!("oauthlib is required under CI: {why}"),
        #[allow(clippy::print_stderr)] // the one place a skipped test says so
        Err(why) => {
            eprintln!("SKIPPED: oauthlib is not available ({why})");
            None
        }
    }
}

/// A Python server started from `tests/interop/`, killed on drop. Its log goes to stderr when
/// `OAUTH1_INTEROP_LOG` is set.
pub struct PythonServer {
    child: Child,
    port: u16,
}

impl PythonServer {
    /// Runs `tests/interop/<script>` with `args` and waits for its `PORT <n>` line.
    ///
    /// # Errors
    /// The script could not start or did not print its port.
    pub fn start(python: &Path, script: &str, args: &[&str]) -> Result<Self, String> {
        let path = repo_root().join("tests").join("interop").join(script);
        let mut child = Command::new(python)
            .arg(&path)
            .args(args)
            .stdout(Stdio::piped())
            // Its request log, on demand: OAUTH1_INTEROP_LOG=1.
            .stderr(if std::env::var_os("OAUTH1_INTEROP_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .map_err(|e| format!("starting {}: {e}", path.display()))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| format!("{script} printed {line:?} instead of PORT <n>"))?;
        Ok(Self { child, port })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
