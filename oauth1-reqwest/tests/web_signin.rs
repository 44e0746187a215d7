//! The web sign-in example, driven as a browser would: /login → the provider's authenticate page →
//! consent → /callback → signed in. And the callbacks it must refuse.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::sync::mpsc;

use http::header::{COOKIE, LOCATION, SET_COOKIE};
use http::{Request, Response, StatusCode};
use oauth1_core::ClientCredentials;
use oauth1_tests::http_client;
use oauth1_tests::provider::ReferenceProvider;

// The example's own source, compiled into this test: editing it rebuilds the test, which a spawned
// example binary would not guarantee (`cargo test --test web_signin` does not rebuild examples).
#[path = "../examples/web_signin.rs"]
#[allow(dead_code)] // its `main` is the program's; the tests start it through `serve`
mod web_signin;

/// The example app, serving on a loopback port from a thread of its own for the rest of the test
/// process, signing in at a reference provider of its own.
struct WebApp {
    origin: String,
}

impl WebApp {
    fn start() -> Self {
        let (address_tx, address_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                address_tx.send(listener.local_addr().unwrap()).unwrap();
                let client = ClientCredentials::new("web-example-key", "web-example-secret");
                let reference = ReferenceProvider::start(client.clone()).unwrap();
                web_signin::serve(listener, reference.provider(), client)
                    .await
                    .unwrap();
            });
        });
        let address = address_rx.recv().unwrap();
        Self {
            origin: format!("http://{address}"),
        }
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

/// What the provider says (a screen name, an error message) is text, not markup, on the example's
/// pages: the provider is not the app, and other providers allow more in a name than Twitter does.
#[test]
fn provider_text_is_escaped_for_html() {
    assert_eq!(
        web_signin::escape_html("<b onclick=\"x('1')\">&amp;</b>"),
        "&lt;b onclick=&quot;x(&#39;1&#39;)&quot;&gt;&amp;amp;&lt;/b&gt;"
    );
    assert_eq!(web_signin::escape_html("twitterapi"), "twitterapi");
}

/// What strangers can make the app keep is bounded: entries expire, and at capacity the expired
/// ones make room or the insert is refused.
#[test]
fn pending_sign_ins_expire_and_are_bounded() {
    use std::time::{Duration, Instant};
    use web_signin::{Expiring, Full};

    let minute = Duration::from_secs(60);
    let start = Instant::now();
    let mut kept = Expiring::new(10 * minute, 2);
    assert_eq!(kept.insert("a".into(), 1, start), Ok(()));
    assert_eq!(kept.insert("b".into(), 2, start + minute), Ok(()));
    assert_eq!(kept.get("a", start + 9 * minute), Some(&1));
    assert_eq!(
        kept.get("a", start + 10 * minute),
        None,
        "expired at its lifetime"
    );
    // Full of live entries: no room, an insert is refused, and nothing was dropped.
    assert!(!kept.has_room(start + 5 * minute));
    assert_eq!(kept.insert("c".into(), 3, start + 5 * minute), Err(Full));
    assert_eq!(kept.get("b", start + 5 * minute), Some(&2));
    // Once "a" has expired, it makes room.
    assert!(kept.has_room(start + 10 * minute));
    assert_eq!(kept.insert("c".into(), 3, start + 10 * minute), Ok(()));
    assert_eq!(kept.remove("c", start + 11 * minute), Some(3));
    assert_eq!(kept.remove("c", start + 11 * minute), None, "taken once");
    // An expired entry is not handed out, and is gone after the attempt.
    assert_eq!(kept.remove("b", start + 11 * minute), None);
    assert_eq!(kept.insert("d".into(), 4, start + 11 * minute), Ok(()));
    assert_eq!(kept.insert("e".into(), 5, start + 11 * minute), Ok(()));
}
