//! Servers that misbehave on purpose, for the adapters' deadline tests: one that trickles its answer a
//! byte at a time, one that accepts a connection and never reads from it; and one that answers every
//! request with the same form body, as a hostile provider would. They speak just enough raw HTTP/1.1
//! to answer, which is the point; the reference provider is the well-behaved server.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A misbehaving server on a loopback port; dropping it stops it (within its pace).
pub struct Misbehaving {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Misbehaving {
    /// Answers every request with a 200 head announcing 1 MB, then one body byte every `pace`.
    ///
    /// # Errors
    /// The port cannot be bound.
    pub fn trickling(pace: Duration) -> std::io::Result<Self> {
        Self::serve(move |mut stream, stop| {
            read_head(&mut stream);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
            while !stop.load(Ordering::Relaxed) && stream.write_all(b"x").is_ok() {
                std::thread::sleep(pace);
            }
        })
    }

    /// Answers every request, whatever it asks, with 200 and `form` as an
    /// `application/x-www-form-urlencoded` body, then closes the connection.
    ///
    /// # Errors
    /// The port cannot be bound.
    pub fn answering(form: &'static str) -> std::io::Result<Self> {
        Self::serve(move |mut stream, _| {
            read_head(&mut stream);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
                form.len()
            );
        })
    }

    /// Accepts connections and never reads from them (nor answers), until dropped.
    ///
    /// # Errors
    /// The port cannot be bound.
    pub fn never_reading() -> std::io::Result<Self> {
        Self::serve(|stream, stop| {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
            drop(stream);
        })
    }

    fn serve(handle: impl Fn(TcpStream, &AtomicBool) + Send + Sync + 'static) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let (handle, flag) = (Arc::new(handle), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handle, flag) = (Arc::clone(&handle), Arc::clone(&flag));
                std::thread::spawn(move || handle(stream, &flag));
            }
        });
        Ok(Self { addr, stop })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Reads a request's head up to its blank line (or the end of the stream), a byte at a time so that
/// nothing after it is taken: enough for a client to see its request read before the answer.
fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
        head.push(byte[0]);
    }
}

impl Drop for Misbehaving {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}
