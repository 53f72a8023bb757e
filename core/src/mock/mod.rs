//! An in-process Atlas for tests, with no network: it routes any request to its operation and
//! answers from the spec's success examples, unless told otherwise (scripted answers, Digest
//! auth, OAuth, rate limits, transport failures, fabricated list items). Time is simulated, so
//! back-off waits cost nothing.
//!
//! ```
//! use atlas_admin::mock::MockAtlas;
//! use atlas_admin::{Config, Credentials, Session};
//! use serde_json::json;
//!
//! let mut atlas = MockAtlas::new();
//! atlas.require_digest("pub", "priv");
//! atlas.list_items("listProjects", 7);
//! let session = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
//! let projects = atlas
//!     .run(&mut session.collect_all("listProjects", &json!({"itemsPerPage": 3}), 100))
//!     .unwrap();
//! assert_eq!(projects.as_json().unwrap().as_array().unwrap().len(), 7);
//! ```

mod auth;
mod limits;
mod lists;
pub mod router;

pub use crate::auth::digest::Algorithm as DigestAlgorithm;

use crate::call::Call;
use crate::driver::{self, Host};
use crate::error::Error;
use crate::examples::success_example;
use crate::response::Parsed;
use crate::spec::Operation;
use auth::{BearerCheck, DigestCheck, DigestServer, OAuthServer};
use http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use limits::{BucketServer, MintLimit};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, SystemTime};

/// The mock is its own host: requests go to [`MockAtlas::handle`], waits advance its clock.
impl Host for MockAtlas {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        _timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        self.transport(request)
    }

    fn sleep(&mut self, duration: Duration) {
        self.waits.push(duration);
        self.clock += duration;
    }

    fn now(&mut self) -> SystemTime {
        self.clock
    }

    fn random(&mut self) -> u64 {
        self.next_random()
    }
}

/// A response the mock was told to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// One request the mock received, for assertions (camelCase in JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// The operation it routed to, if any.
    pub operation: Option<&'static str>,
    pub status: u16,
    /// The `Authorization` scheme used (`Digest`, `Bearer`, `Basic`), never its value.
    pub auth_scheme: Option<String>,
}

/// The simulated Atlas. See the module docs.
pub struct MockAtlas {
    clock: SystemTime,
    rng: u64,
    scripted: HashMap<String, VecDeque<MockResponse>>,
    digest: Option<DigestServer>,
    oauth: Option<OAuthServer>,
    rate_limited: u32,
    retry_after_secs: u64,
    bucket: Option<BucketServer>,
    mint_limit: Option<MintLimit>,
    transport_failures: u32,
    lists: HashMap<&'static str, u64>,
    received: Vec<Received>,
    waits: Vec<Duration>,
}

impl Default for MockAtlas {
    fn default() -> Self {
        Self::new()
    }
}

impl MockAtlas {
    /// A mock whose clock starts at 2024-01-01T00:00:00Z and whose randomness is seeded, so
    /// every run is the same.
    pub fn new() -> Self {
        MockAtlas {
            clock: SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_067_200),
            rng: 0x9E37_79B9_7F4A_7C15,
            scripted: HashMap::new(),
            digest: None,
            oauth: None,
            rate_limited: 0,
            retry_after_secs: 0,
            bucket: None,
            mint_limit: None,
            transport_failures: 0,
            lists: HashMap::new(),
            received: Vec::new(),
            waits: Vec::new(),
        }
    }

    /// The simulated clock.
    pub fn now(&self) -> SystemTime {
        self.clock
    }

    pub fn advance(&mut self, by: Duration) {
        self.clock += by;
    }

    /// Every request received so far.
    pub fn received(&self) -> &[Received] {
        &self.received
    }

    /// Every wait `run` performed, in order.
    pub fn waits(&self) -> &[Duration] {
        &self.waits
    }

    /// The next call of `operation_id` (any of its names; after authentication and rate
    /// limiting) gets this answer; several are used in order.
    ///
    /// # Panics
    /// When no operation has that name: a test scripting a reply nobody asks for is a bug.
    pub fn respond(
        &mut self,
        operation_id: &str,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> &mut Self {
        let op = crate::catalog::find(operation_id)
            .unwrap_or_else(|e| panic!("MockAtlas::respond: {e}"));
        self.scripted
            .entry(op.id.to_owned())
            .or_default()
            .push_back(MockResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                body: body.into(),
            });
        self
    }

    /// Demands HTTP Digest (MD5) with these API keys on every operation, with real challenges
    /// and verification.
    pub fn require_digest(&mut self, public_key: &str, private_key: &str) -> &mut Self {
        self.require_digest_with(public_key, private_key, DigestAlgorithm::Md5)
    }

    pub fn require_digest_with(
        &mut self,
        public_key: &str,
        private_key: &str,
        algorithm: DigestAlgorithm,
    ) -> &mut Self {
        let nonce = self.random_hex();
        self.digest = Some(DigestServer {
            username: public_key.to_owned(),
            password: private_key.to_owned(),
            algorithm,
            nonce,
            old_nonces: Vec::new(),
            seen_nc: Default::default(),
        });
        self
    }

    /// Makes the current Digest nonce stale: the next request using it gets `stale=true`.
    pub fn expire_nonce(&mut self) -> &mut Self {
        let nonce = self.random_hex();
        if let Some(d) = self.digest.as_mut() {
            d.new_nonce(nonce);
        }
        self
    }

    /// Demands OAuth bearer tokens issued by its `/api/oauth/token` for this service account;
    /// tokens live `lifetime` of simulated time.
    pub fn require_oauth(
        &mut self,
        client_id: &str,
        client_secret: &str,
        lifetime: Duration,
    ) -> &mut Self {
        self.oauth = Some(OAuthServer {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            lifetime,
            issued: Vec::new(),
            counter: 0,
        });
        self
    }

    /// The next `calls` operation requests get 429 with `Retry-After: retry_after_secs`.
    pub fn rate_limit(&mut self, calls: u32, retry_after_secs: u64) -> &mut Self {
        self.rate_limited = calls;
        self.retry_after_secs = retry_after_secs;
        self
    }

    /// Every operation draws from one token bucket, as Atlas's endpoint sets do: it holds
    /// `capacity` requests and gains `refill_rate` of them every `refill_every` (counted from
    /// the first request). An empty bucket answers 429 `RATE_LIMITED_TOKEN_BUCKET` with its
    /// figures in `parameters`. With `headers`, replies also carry `RateLimit-Limit` and
    /// `RateLimit-Remaining`, and 429s `Retry-After`; without, only the body says when to
    /// come back (Atlas may leave the headers out).
    pub fn token_bucket(
        &mut self,
        endpoint_set: &str,
        capacity: u64,
        refill_rate: u64,
        refill_every: Duration,
        headers: bool,
    ) -> &mut Self {
        self.bucket = Some(BucketServer {
            set: endpoint_set.to_owned(),
            capacity,
            refill_rate,
            refill_every: refill_every.max(Duration::from_secs(1)),
            headers,
            left: capacity,
            next_refill: None,
        });
        self
    }

    /// The token endpoint mints at most `per_minute` tokens in any minute of simulated time,
    /// then answers 429 as Atlas does ("Resource /api/oauth/token is limited to…").
    pub fn limit_token_minting(&mut self, per_minute: u32) -> &mut Self {
        self.mint_limit = Some(MintLimit {
            per_minute: per_minute as usize,
            minted_at: Vec::new(),
        });
        self
    }

    /// Service-account tokens minted so far.
    pub fn tokens_minted(&self) -> u64 {
        self.oauth.as_ref().map_or(0, |o| o.counter)
    }

    /// The next `sends` in [`MockAtlas::run`] fail as if the connection dropped.
    pub fn fail_transport(&mut self, sends: u32) -> &mut Self {
        self.transport_failures = sends;
        self
    }

    /// The list operation `operation_id` serves `count` fabricated items across its pages,
    /// honouring `pageNum`, `itemsPerPage` and `includeCount`.
    pub fn list_items(&mut self, operation_id: &str, count: u64) -> &mut Self {
        if let Some(op) = crate::catalog::operation(operation_id) {
            self.lists.insert(op.id, count);
        }
        self
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: deterministic, dependency-free, good enough for nonces in tests.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn random_hex(&mut self) -> String {
        format!("{:016x}{:016x}", self.next_random(), self.next_random())
    }

    /// Drives `call` to its end against this mock, sleeping in simulated time (the items of a
    /// paging call are dropped; see [`MockAtlas::run_pages`]).
    pub fn run(&mut self, call: &mut Call) -> Result<Parsed, Error> {
        driver::drive(call, self, |_| {})
    }

    /// Drives a paging call to its end, returning each page's items.
    pub fn run_pages(&mut self, call: &mut Call) -> Result<Vec<Vec<Value>>, Error> {
        let mut pages = Vec::new();
        driver::drive(call, self, |items| pages.push(items))?;
        Ok(pages)
    }

    fn transport(
        &mut self,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        if self.transport_failures > 0 {
            self.transport_failures -= 1;
            return Err("connection reset by peer (simulated)".into());
        }
        Ok(self.handle(request))
    }

    /// Answers one request.
    pub fn handle(&mut self, request: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let path = request.uri().path().to_owned();
        let (operation, response) = self.answer(request, &path);
        let response = response.unwrap_or_else(|_| {
            error_response(500, "UNEXPECTED_ERROR", "mock could not form a response")
        });
        self.received.push(Received {
            method: request.method().to_string(),
            target: request
                .uri()
                .path_and_query()
                .map(|p| p.to_string())
                .unwrap_or(path),
            operation,
            status: response.status().as_u16(),
            auth_scheme: header(request, AUTHORIZATION.as_str())
                .and_then(|a| a.split(' ').next())
                .map(str::to_owned),
        });
        response
    }

    fn answer(
        &mut self,
        request: &http::Request<Vec<u8>>,
        path: &str,
    ) -> (
        Option<&'static str>,
        Result<http::Response<Vec<u8>>, http::Error>,
    ) {
        let authorization = header(request, AUTHORIZATION.as_str());
        if path == crate::auth::oauth::TOKEN_PATH || path == crate::auth::oauth::REVOKE_PATH {
            return (None, Ok(self.oauth_endpoint(request, path, authorization)));
        }
        let op = match router::route(request.method(), path) {
            Ok(op) => op,
            Err(router::RouteError::NotFound) => {
                return (
                    None,
                    Ok(error_response(
                        404,
                        "RESOURCE_NOT_FOUND",
                        &format!("no operation serves {path}"),
                    )),
                )
            }
            Err(router::RouteError::MethodNotAllowed(allowed)) => {
                let detail = format!(
                    "{} is not allowed on {path}; allowed: {}",
                    request.method(),
                    allowed.join(", ")
                );
                return (None, Ok(error_response(405, "METHOD_NOT_ALLOWED", &detail)));
            }
        };
        if let Some(refusal) = self.check_auth(request, authorization) {
            return (Some(op.id), Ok(refusal));
        }
        if self.rate_limited > 0 {
            self.rate_limited -= 1;
            let mut r = error_response(
                429,
                "RATE_LIMITED",
                "You have exceeded the rate limit (simulated)",
            );
            if let Ok(v) = http::HeaderValue::from_str(&self.retry_after_secs.to_string()) {
                r.headers_mut().insert(RETRY_AFTER, v);
            }
            return (Some(op.id), Ok(r));
        }
        let mut limit_headers = Vec::new();
        if let Some(bucket) = self.bucket.as_mut() {
            match bucket.take(self.clock) {
                Ok(left) => limit_headers = bucket.reply_headers(left),
                Err(retry_after) => {
                    let (body, headers) = bucket.refusal(retry_after);
                    let r = json_response(429, "application/json", &body);
                    return (Some(op.id), r.map(|r| with_headers(r, headers)));
                }
            }
        }
        let response = self.serve(request, op);
        (
            Some(op.id),
            response.map(|r| with_headers(r, limit_headers)),
        )
    }

    /// The answer of an operation the request reached: scripted, a fabricated list page, or
    /// the spec's example.
    fn serve(
        &mut self,
        request: &http::Request<Vec<u8>>,
        op: &'static Operation,
    ) -> Result<http::Response<Vec<u8>>, http::Error> {
        if let Some(scripted) = self.scripted.get_mut(op.id).and_then(VecDeque::pop_front) {
            let mut b = http::Response::builder().status(scripted.status);
            for (k, v) in &scripted.headers {
                b = b.header(k, v);
            }
            return b.body(scripted.body);
        }
        let accept = header(request, "accept").unwrap_or("").to_owned();
        let version = accept
            .strip_prefix("application/vnd.atlas.")
            .and_then(|v| v.split('+').next())
            .unwrap_or("");
        if let Some(&count) = self.lists.get(op.id) {
            let query = request.uri().query().unwrap_or("");
            let page = lists::page(request.uri(), query, count);
            let content_type = if accept.is_empty() {
                "application/json"
            } else {
                accept.as_str()
            };
            return json_response(200, content_type, &page);
        }
        // Atlas would answer 406 to a version the operation does not serve; the mock checks
        // routing only, so it answers with the newest version's example instead.
        let example = success_example(op.id, version).or_else(|| {
            op.versions
                .iter()
                .rev()
                .find_map(|v| success_example(op.id, v.name))
        });
        let Some(example) = example else {
            return Ok(error_response(
                500,
                "NO_EXAMPLE",
                &format!("{} has no success example", op.id),
            ));
        };
        let content_type = if accept.starts_with("application/vnd.atlas.") {
            accept.as_str()
        } else {
            example.content_type
        };
        let mut b = http::Response::builder().status(example.status);
        if !example.body.is_empty() {
            b = b.header(CONTENT_TYPE, content_type);
        }
        b.body(example.body.as_bytes().to_vec())
    }

    fn check_auth(
        &mut self,
        request: &http::Request<Vec<u8>>,
        authorization: Option<&str>,
    ) -> Option<http::Response<Vec<u8>>> {
        if self.digest.is_some() {
            let opaque = self.random_hex();
            let digest = self.digest.as_mut()?;
            return match digest.check(authorization, request.method().as_str(), request.body()) {
                DigestCheck::Ok => None,
                DigestCheck::Challenge { stale } => {
                    let mut r = error_response(
                        401,
                        "UNAUTHORIZED",
                        "You are not authorized for this resource.",
                    );
                    if let Ok(v) = http::HeaderValue::from_str(&digest.challenge(stale, &opaque)) {
                        r.headers_mut().insert(WWW_AUTHENTICATE, v);
                    }
                    Some(r)
                }
            };
        }
        let oauth = self.oauth.as_ref()?;
        let www = match oauth.check(authorization, self.clock) {
            BearerCheck::Ok => return None,
            BearerCheck::Missing => "Bearer realm=\"atlas\"",
            BearerCheck::Expired => "Bearer realm=\"atlas\", error=\"invalid_token\", error_description=\"The access token expired\"",
            BearerCheck::Unknown => "Bearer realm=\"atlas\", error=\"invalid_token\", error_description=\"The access token is not valid\"",
        };
        let mut r = error_response(
            401,
            "UNAUTHORIZED",
            "You are not authorized for this resource.",
        );
        r.headers_mut()
            .insert(WWW_AUTHENTICATE, http::HeaderValue::from_static(www));
        Some(r)
    }

    fn oauth_endpoint(
        &mut self,
        request: &http::Request<Vec<u8>>,
        path: &str,
        authorization: Option<&str>,
    ) -> http::Response<Vec<u8>> {
        let now = self.clock;
        let Some(oauth) = self.oauth.as_mut() else {
            return error_response(
                404,
                "RESOURCE_NOT_FOUND",
                "this mock does not serve OAuth; call require_oauth",
            );
        };
        let oauth_error = |status: u16, error: &str| {
            json_response(status, "application/json", &json!({"error": error}))
                .unwrap_or_else(|_| error_response(500, "UNEXPECTED_ERROR", "mock"))
        };
        if request.method() != http::Method::POST {
            return oauth_error(405, "invalid_request");
        }
        if !oauth.basic_ok(authorization) {
            return oauth_error(401, "invalid_client");
        }
        let form = String::from_utf8_lossy(request.body()).into_owned();
        let field = |name: &str| {
            form.split('&').find_map(|kv| {
                kv.split_once('=')
                    .filter(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_owned())
            })
        };
        if path == crate::auth::oauth::REVOKE_PATH {
            let token = field("token").unwrap_or_default();
            oauth.revoke(&percent_encoding::percent_decode_str(&token).decode_utf8_lossy());
            return http::Response::builder()
                .status(200)
                .body(Vec::new())
                .unwrap_or_default();
        }
        if field("grant_type").as_deref() != Some("client_credentials") {
            return oauth_error(400, "unsupported_grant_type");
        }
        if let Some(limit) = self.mint_limit.as_mut() {
            if !limit.allow(now) {
                return json_response(429, "application/json", &limit.refusal())
                    .unwrap_or_else(|_| error_response(500, "UNEXPECTED_ERROR", "mock"));
            }
        }
        let token = oauth.issue(now);
        let body = json!({"access_token": token, "expires_in": oauth.lifetime.as_secs(), "token_type": "Bearer"});
        json_response(200, "application/json", &body)
            .unwrap_or_else(|_| error_response(500, "UNEXPECTED_ERROR", "mock"))
    }
}

fn header<'r>(request: &'r http::Request<Vec<u8>>, name: &str) -> Option<&'r str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

fn json_response(
    status: u16,
    content_type: &str,
    body: &Value,
) -> Result<http::Response<Vec<u8>>, http::Error> {
    http::Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        .body(body.to_string().into_bytes())
}

fn with_headers(
    mut response: http::Response<Vec<u8>>,
    headers: Vec<(&'static str, String)>,
) -> http::Response<Vec<u8>> {
    for (name, value) in headers {
        if let Ok(value) = http::HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(http::HeaderName::from_static(name), value);
        }
    }
    response
}

/// An error in Atlas's own shape (`ApiError` schema).
fn error_response(status: u16, code: &str, detail: &str) -> http::Response<Vec<u8>> {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let body = json!({"detail": detail, "error": status, "errorCode": code, "parameters": [], "reason": reason});
    let mut r = http::Response::new(body.to_string().into_bytes());
    *r.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    r
}
