//! A ready async driver over [`reqwest`] (feature `reqwest`): the system clock, tokio's timer
//! for back-off (any tokio runtime with time enabled), random numbers from std's randomly keyed
//! hasher. Every HTTP status is a reply for the core to read; each exchange honours the call's
//! timeout; bodies are read up to [`BODY_LIMIT`].
//!
//! ```no_run
//! use atlas_admin::driver::reqwest as driver;
//! use atlas_admin::{Config, Credentials, Error, Session};
//! use serde_json::json;
//!
//! # async fn tour() -> Result<(), Error> {
//! let client = reqwest::Client::new();
//! let session = Session::new(Config::default(), Credentials::api_key("PUBLIC", "PRIVATE"));
//! let mut call = session.call("listProjects", &json!({}), None);
//! let projects = driver::run(&mut call, &client).await?;
//! println!("{}", projects.as_json().unwrap()["totalCount"]);
//!
//! let mut names = Vec::new();
//! let mut pages = session.pages("listProjects", &json!({}));
//! driver::drive(&mut pages, &client, |items| names.extend(items)).await?;
//! # Ok(())
//! # }
//! ```

use crate::call::{Action, Call};
use crate::error::Error;
use crate::response::Parsed;
use serde_json::Value;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// The most bytes of a reply body read (256 MiB); a longer body is a transport error.
pub const BODY_LIMIT: u64 = 256 * 1024 * 1024;

/// Carries `call` to its end over `client`. A paging call hands each page's items to `on_items`.
pub async fn drive(
    call: &mut Call,
    client: &reqwest::Client,
    mut on_items: impl FnMut(Vec<Value>),
) -> Result<Parsed, Error> {
    let mut draws = 0u64;
    loop {
        draws = draws.wrapping_add(1);
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(draws);
        let action = call.next(SystemTime::now(), hasher.finish());
        // The events are for hosts that log them; this one does not keep them.
        drop(call.take_events());
        match action {
            Action::Send(request) => match send(client, request, call.timeout()).await {
                Ok(response) => call.feed_response(response),
                Err(message) => call.feed_transport_error(message),
            },
            Action::Wait(delay) => tokio::time::sleep(delay).await,
            Action::Items(items) => on_items(items),
            Action::Done(result) => {
                drop(call.take_events());
                return result;
            }
        }
    }
}

/// [`drive`] for a call that is not paging.
pub async fn run(call: &mut Call, client: &reqwest::Client) -> Result<Parsed, Error> {
    drive(call, client, |_| {}).await
}

/// One exchange: every status is a reply; `Err` (a message, never a header) when none came.
pub async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    timeout: Option<Duration>,
) -> Result<http::Response<Vec<u8>>, String> {
    let target = format!(
        "{} {}",
        request.method(),
        request.uri().authority().map_or("", |a| a.host())
    );
    let mut request = reqwest::Request::try_from(request).map_err(|e| describe(&target, e))?;
    if timeout.is_some() {
        *request.timeout_mut() = timeout;
    }
    let mut response = client
        .execute(request)
        .await
        .map_err(|e| describe(&target, e))?;
    let mut reply = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(headers) = reply.headers_mut() {
        *headers = std::mem::take(response.headers_mut());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&target, e))? {
        if (body.len() + chunk.len()) as u64 > BODY_LIMIT {
            return Err(format!(
                "{target}: the reply is longer than {BODY_LIMIT} bytes"
            ));
        }
        body.extend_from_slice(&chunk);
    }
    reply.body(body).map_err(|e| format!("{target}: {e}"))
}

/// The error and its causes, without the URL (its path and query may name things kept out of
/// logs).
fn describe(target: &str, e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut message = format!("{target}: {e}");
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}
