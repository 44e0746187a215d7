//! The web sign-in example, driven as a browser would: /login → the provider's authenticate page →
//! consent → /callback → signed in. And the callbacks it must refuse.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use http::header::{COOKIE, LOCATION, SET_COOKIE};
use http::{Request, Response, StatusCode};
use oauth1_tests::http_client;

/// `cargo test` builds the examples next to the test binaries.
fn program() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    profile_dir
        .join("examples")
        .join(format!("web_signin{}", std::env::consts::EXE_SUFFIX))
}

struct WebApp {
    child: Child,
    origin: String,
}

impl WebApp {
    fn start() -> Self {
        let mut child = Command::new(program())
            .env_remove("OAUTH1_CONSUMER_KEY")
            .env_remove("OAUTH1_CONSUMER_SECRET")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let origin = line.trim().strip_prefix("LISTENING ").unwrap().to_owned();
        Self { child, origin }
    }
}

impl Drop for WebApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser without redirects: each hop is checked.
fn get(url: &str, cookie: Option<&str>) -> Response<Vec<u8>> {
    let mut request = Request::get(url);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    http_client::send(&http_client::agent(), request.body(Vec::new()).unwrap()).unwrap()
}

fn location(response: &Response<Vec<u8>>) -> String {
    assert!(response.status().is_redirection(), "{}", response.status());
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

fn text(response: &Response<Vec<u8>>) -> String {
    String::from_utf8_lossy(response.body()).into_owned()
}

/// /login: the session cookie and the provider's authenticate URL.
fn login(app: &WebApp) -> (String, String) {
    let response = get(&format!("{}/login", app.origin), None);
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    (cookie, location(&response))
}

#[test]
fn sign_in_with_the_reference_provider() {
    let app = WebApp::start();
    assert!(text(&get(&app.origin, None)).contains("href=\"/login\""));

    let (cookie, authenticate) = login(&app);
    assert!(
        authenticate.contains("/oauth/authenticate?oauth_token="),
        "{authenticate}"
    );
    // The user consents on the provider's page, which sends the browser back to /callback.
    let callback = location(&get(&format!("{authenticate}&approve=1"), None));
    assert!(
        callback.starts_with(&format!("{}/callback?oauth_token=", app.origin)),
        "{callback}"
    );
    let home = location(&get(&callback, Some(&cookie)));
    assert_eq!(home, "/");
    let page = text(&get(&app.origin, Some(&cookie)));
    assert!(
        page.contains("Signed in as <b id=\"user\">@twitterapi</b>"),
        "{page}"
    );

    // The pending state was used once: the same callback again is refused.
    let again = get(&callback, Some(&cookie));
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn callbacks_without_the_session_or_for_another_token_are_refused() {
    let app = WebApp::start();
    let (cookie_a, authenticate_a) = login(&app);
    let (cookie_b, _authenticate_b) = login(&app);
    let callback_a = location(&get(&format!("{authenticate_a}&approve=1"), None));

    // No session cookie.
    assert_eq!(get(&callback_a, None).status(), StatusCode::BAD_REQUEST);
    // Session B cannot complete with A's token (a login CSRF or a stale tab).
    let response = get(&callback_a, Some(&cookie_b));
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(text(&response).contains("oauth_token"), "{}", text(&response));
    // Session A was not touched by that, and still completes.
    assert_eq!(location(&get(&callback_a, Some(&cookie_a))), "/");

    // A declined authorization.
    let (cookie_c, authenticate_c) = login(&app);
    let declined = location(&get(&format!("{authenticate_c}&deny=1"), None));
    let response = get(&declined, Some(&cookie_c));
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(text(&response).contains("declined"), "{}", text(&response));
}

/// A crafted callback link puts no markup in the error page: core's callback errors name only
/// their own parameters, never what the link carried.
#[test]
fn a_crafted_callback_puts_no_markup_in_the_page() {
    let app = WebApp::start();
    let name = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    for query in [
        format!("oauth_token=t&{name}=1&{name}=2"),
        format!("oauth_token={name}&oauth_verifier={name}"),
        format!("{name}=1"),
        format!("denied={name}"),
    ] {
        // Each on a pending sign-in of its own (a callback uses it up).
        let (cookie, _) = login(&app);
        let response = get(&format!("{}/callback?{query}", app.origin), Some(&cookie));
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let page = text(&response);
        assert!(page.contains("Sign-in failed: "), "{query}: {page}");
        assert!(!page.contains("script"), "{query}: {page}");
    }
}
