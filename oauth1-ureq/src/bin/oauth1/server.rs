//! The `demo`'s provider: core's in-memory reference provider (`oauth1_core::reference`) served on a
//! loopback port by axum, so that the demo's requests cross a real socket through the ureq adapter.

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use oauth1_core::Timestamp;
use oauth1_core::reference::{Config, ReferenceProvider};

/// The largest request body the demo's provider reads.
const MAX_REQUEST_BODY: usize = 1 << 20;

/// A reference provider on a loopback port; dropping it stops the server.
pub(crate) struct LoopbackProvider {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackProvider {
    /// Serves a provider configured by `config` on a free port of 127.0.0.1.
    pub(crate) fn start(config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let provider = Arc::new(Mutex::new(ReferenceProvider::new(config)));
        let app = Router::new().fallback(handle).with_state(provider);
        // Registered with the runtime here, so that a failure is this call's error, not a server
        // that silently never answers.
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("oauth1-demo-provider".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::spawn(async move { axum::serve(listener, app).await });
                    let _ = stopped.await;
                });
            })?;
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for LoopbackProvider {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn handle(
    State(provider): State<Arc<Mutex<ReferenceProvider>>>,
    request: axum::extract::Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let response = match (
        axum::body::to_bytes(body, MAX_REQUEST_BODY).await,
        Timestamp::now(),
    ) {
        (Ok(body), Ok(now)) => {
            let request = http::Request::from_parts(parts, body.to_vec());
            // A poisoned lock only means another handler panicked; the state is still usable.
            let mut provider = provider.lock().unwrap_or_else(PoisonError::into_inner);
            provider.handle(request, now, &mut rand::rng())
        }
        (Err(_), _) => plain(http::StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
        (_, Err(clock)) => plain(http::StatusCode::INTERNAL_SERVER_ERROR, &clock.to_string()),
    };
    response.map(Body::from)
}

/// An answer of `status` with `text` as its body.
fn plain(status: http::StatusCode, text: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(text.as_bytes().to_vec());
    *response.status_mut() = status;
    response
}
