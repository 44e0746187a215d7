//! The simplest blocking HTTP client the tests have: runs an `http::Request` on ureq over loopback and
//! hands back the whole response, redirects not followed and error statuses not turned into errors.

use std::time::Duration;

/// A ureq agent that returns every response as it is.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// Sends `request` and reads the whole response body (up to 8 MiB).
///
/// # Errors
/// The transport's error, as text.
pub fn send(agent: &ureq::Agent, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, String> {
    let response = agent.run(request).map_err(|e| e.to_string())?;
    let (parts, mut body) = response.into_parts();
    let bytes = body
        .with_config()
        .limit(8 << 20)
        .read_to_vec()
        .map_err(|e| e.to_string())?;
    Ok(http::Response::from_parts(parts, bytes))
}
