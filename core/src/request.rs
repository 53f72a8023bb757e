//! Turning an operation id, parameters and a body into an `http::Request`.

use crate::body;
use crate::build_error::BuildError;
use crate::catalog;
use crate::config::{extra_headers, CallOptions, Checked, Config};
use crate::encode;
use crate::params;
use crate::spec::{Location, Operation, Param, Version};
use crate::version;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// Builds the request for `operation_id` with the config's version choice.
///
/// `params` is a JSON object keyed by the spec's parameter names (`groupId`, `itemsPerPage`);
/// `null` means none. Every rule the spec states is checked here, before any I/O.
pub fn build_request(
    config: &Config,
    operation_id: &str,
    params: &Value,
    body: Option<&Value>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    build_request_with(config, operation_id, params, body, &CallOptions::default())
}

/// [`build_request`] with per-call overrides (an exact version, a response format).
pub fn build_request_with(
    config: &Config,
    operation_id: &str,
    params: &Value,
    body: Option<&Value>,
    options: &CallOptions,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let checked = Arc::new(Checked::new(config));
    build(config, &checked, operation_id, params, body, options).map(|(_, _, request)| request)
}

/// What a request for one operation carries whatever its parameters, worked out once
/// ([`crate::Session::prepare`]): the operation, the version, and the headers every such request
/// sends (`Accept`, `User-Agent`, then the client's and the call's extra headers). A binding
/// that builds many requests keeps one per operation and reads only the parameters each time.
#[derive(Clone)]
pub struct PreparedRequest {
    op: &'static Operation,
    version: &'static Version,
    strict: bool,
    headers: http::HeaderMap,
    checked: Arc<Checked>,
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("operation", &self.op.id)
            .field("version", &self.version.name)
            .field("strict", &self.strict)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// What a request's parameters decide: its URL, and the header parameters given (only those
/// the operation declares, such as `Use-Effective-Instance-Fields`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestTarget {
    pub url: String,
    pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
}

/// [`build_request_with`], also saying which operation and version the request is for.
/// `checked` is `Checked::new(config)`, which a session makes once for all its calls.
pub(crate) fn build(
    config: &Config,
    checked: &Arc<Checked>,
    operation_id: &str,
    params: &Value,
    body: Option<&Value>,
    options: &CallOptions,
) -> Result<(&'static Operation, &'static Version, http::Request<Vec<u8>>), BuildError> {
    let mut prepared = prepare(config, checked, operation_id, options)?;
    let target = prepared.target_of(params)?;
    let headers = std::mem::take(&mut prepared.headers);
    let request = prepared.assemble(headers, target, body)?;
    Ok((prepared.op, prepared.version, request))
}

/// The [`PreparedRequest`] for calls of `operation_id` with `options`: everything a build
/// checks before it reads the parameters (a build is this, then the parameters), so a
/// prepared request fails where a build would.
pub(crate) fn prepare(
    config: &Config,
    checked: &Arc<Checked>,
    operation_id: &str,
    options: &CallOptions,
) -> Result<PreparedRequest, BuildError> {
    let op = catalog::find(operation_id)?;
    // Here, though only `target` reads it: a bad base URL is reported before a bad version.
    checked.base_url()?;
    let version = version::choose(op, config.checked_pin()?, options.version.as_deref())?;
    let accept = version::response_media(op, version, options.format)?;

    // The map is filled directly rather than through `http::request::Builder`, which would
    // parse each name and copy each value again; the core's own values are static strings.
    let mut headers = http::HeaderMap::new();
    let accept_type = accept.map(|m| m.content_type).unwrap_or("application/json");
    headers.append(http::header::ACCEPT, table_value(accept_type));
    if let Some(ua) = checked.user_agent()? {
        headers.append(http::header::USER_AGENT, ua.clone());
    }
    // The client's extra headers, then the call's (which win for a name given in both).
    for (name, value) in checked
        .headers()?
        .iter()
        .cloned()
        .chain(extra_headers("options.headers", &options.headers)?)
    {
        headers.insert(name, value);
    }
    Ok(PreparedRequest {
        op,
        version,
        strict: options.strict.unwrap_or(config.strict),
        headers,
        checked: checked.clone(),
    })
}

impl PreparedRequest {
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    pub fn version(&self) -> &'static Version {
        self.version
    }

    pub fn method(&self) -> http::Method {
        self.op.method.to_http()
    }

    /// The headers every request of this operation and these options sends.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The whole request for `params` and `body`, as [`build_request_with`] builds it.
    pub fn request(
        &self,
        params: &Value,
        body: Option<&Value>,
    ) -> Result<http::Request<Vec<u8>>, BuildError> {
        let target = self.target_of(params)?;
        self.assemble(self.headers.clone(), target, body)
    }

    /// The URL and header parameters of the request for `params` without a body: what
    /// [`PreparedRequest::request`] with no body would send beside [`PreparedRequest::headers`],
    /// and the same error (a missing required body included).
    pub fn target(&self, params: &Value) -> Result<RequestTarget, BuildError> {
        let target = self.target_of(params)?;
        self.body_bytes(None)?;
        Ok(target)
    }

    fn target_of(&self, params: &Value) -> Result<RequestTarget, BuildError> {
        let (op, strict) = (self.op, self.strict);
        let base = self.checked.base_url()?;
        let mut given = param_map(op, params)?;
        for (name, value) in self.checked.defaults() {
            if let Some(param) = op.param(name).filter(|p| lookup(&given, p).is_none()) {
                given.push((param, value));
            }
        }
        let mut url = String::with_capacity(base.len() + op.path.len() + 32);
        url.push_str(base);
        render_path(op, &given, strict, &mut url)?;
        render_query(op, &given, strict, &mut url)?;
        let mut headers = render_headers(op, &given, strict)?;
        // An extra header of the same name wins over the parameter, as it is the caller's word.
        headers.retain(|(name, _)| !self.headers.contains_key(name));
        Ok(RequestTarget { url, headers })
    }

    /// The body's bytes and content type, checked against the version's schema.
    fn body_bytes(
        &self,
        body: Option<&Value>,
    ) -> Result<Option<(Vec<u8>, http::HeaderValue)>, BuildError> {
        let op = self.op;
        match (self.version.request, body) {
            (Some(media), Some(b)) => {
                if let Some(schema) = media.schema {
                    body::validate(schema, b, self.strict).map_err(|(pointer, problem)| {
                        BuildError::InvalidBodyField {
                            operation: op.id,
                            pointer,
                            problem,
                        }
                    })?;
                }
                let bytes = serde_json::to_vec(b).map_err(|e| BuildError::InvalidBody {
                    operation: op.id,
                    problem: format!("cannot be serialized: {e}"),
                })?;
                Ok(Some((bytes, table_value(media.content_type))))
            }
            (Some(_), None) if op.body_required => Err(BuildError::InvalidBody {
                operation: op.id,
                problem: "is required".into(),
            }),
            (None, Some(_)) => Err(BuildError::InvalidBody {
                operation: op.id,
                problem: format!("is not accepted: {} {} takes no body", op.method, op.path),
            }),
            _ => Ok(None),
        }
    }

    fn assemble(
        &self,
        mut headers: http::HeaderMap,
        target: RequestTarget,
        body: Option<&Value>,
    ) -> Result<http::Request<Vec<u8>>, BuildError> {
        let bytes = match self.body_bytes(body)? {
            Some((bytes, content_type)) => {
                headers.append(http::header::CONTENT_TYPE, content_type);
                bytes
            }
            None => Vec::new(),
        };
        for (name, value) in target.headers {
            headers.append(name, value);
        }
        // Parsed from the owned string: its bytes become the URI's, not a copy. The base URL
        // was checked to be one, and what is appended is percent-encoded: this cannot fail.
        let uri = http::Uri::try_from(target.url).map_err(|e| BuildError::InvalidConfig {
            field: "base_url",
            problem: format!("does not form a valid request URI: {e}"),
        })?;
        let mut request = http::Request::new(bytes);
        *request.method_mut() = self.op.method.to_http();
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// The version a call to `operation_id` would use with this config and these options.
pub fn chosen_version(
    config: &Config,
    operation_id: &str,
    options: &CallOptions,
) -> Result<&'static crate::spec::Version, BuildError> {
    let op = catalog::find(operation_id)?;
    version::choose(op, config.checked_pin()?, options.version.as_deref())
}

/// The given parameters, each checked to be a parameter of the operation.
fn param_map<'v>(
    op: &'static Operation,
    params: &'v Value,
) -> Result<Vec<(&'static crate::spec::Param, &'v Value)>, BuildError> {
    let map = match params {
        Value::Null => return Ok(Vec::new()),
        Value::Object(m) => m,
        other => {
            return Err(BuildError::ParamsNotObject {
                operation: op.id,
                found: params::describe(other),
            })
        }
    };
    let mut out: Vec<(&'static crate::spec::Param, &'v Value)> = Vec::with_capacity(map.len());
    for (name, value) in map {
        let param = op.param(name).ok_or_else(|| BuildError::UnknownParameter {
            operation: op.id,
            name: name.chars().take(64).collect(),
            accepted: op.params.iter().map(|p| p.name).collect(),
        })?;
        // `null` is the same as leaving a parameter out.
        if value.is_null() {
            continue;
        }
        // Given by its name and by an alias (`groupId` and `projectId`): which one was meant?
        if out.iter().any(|(p, _)| std::ptr::eq(*p, param)) {
            let alias = param
                .aliases
                .iter()
                .copied()
                .find(|a| map.get(*a).is_some_and(|v| !v.is_null()))
                .unwrap_or(param.name);
            return Err(BuildError::DuplicateParameter {
                operation: op.id,
                name: param.name,
                alias,
            });
        }
        out.push((param, value));
    }
    Ok(out)
}

/// The value given for `param`, by identity (an alias resolves to the same `Param`).
fn lookup<'v>(
    given: &[(&'static crate::spec::Param, &'v Value)],
    param: &Param,
) -> Option<&'v Value> {
    given
        .iter()
        .find(|(p, _)| std::ptr::eq(*p, param))
        .map(|(_, v)| *v)
}

fn render_path(
    op: &'static Operation,
    given: &[(&'static crate::spec::Param, &Value)],
    strict: bool,
    out: &mut String,
) -> Result<(), BuildError> {
    let mut rest = op.path;
    // Byte searches: templates are ASCII, and a char search is slow in the size-optimized
    // WebAssembly build.
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .bytes()
            .position(|b| b == b'}')
            .map(|c| open + c)
            .unwrap_or(rest.len());
        let name = &rest[open + 1..close];
        let param = op
            .param(name)
            .expect("codegen lists every path template variable as a param");
        let value = lookup(given, param).ok_or(BuildError::MissingParameter {
            operation: op.id,
            name: param.name,
            location: Location::Path.as_str(),
        })?;
        let text = params::render_first(param, value, strict)
            .map_err(|problem| invalid(op, param.name, problem))?;
        encode::push_path_segment(out, &text);
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(())
}

fn render_query(
    op: &'static Operation,
    given: &[(&'static crate::spec::Param, &Value)],
    strict: bool,
    out: &mut String,
) -> Result<(), BuildError> {
    let mut first = true;
    // Spec order, so the same call always gives the same URL.
    for param in op.params.iter().filter(|p| p.location == Location::Query) {
        let Some(value) = lookup(given, param) else {
            if param.required {
                return Err(BuildError::MissingParameter {
                    operation: op.id,
                    name: param.name,
                    location: Location::Query.as_str(),
                });
            }
            continue;
        };
        let texts = params::render(param, value, strict)
            .map_err(|problem| invalid(op, param.name, problem))?;
        if texts.is_empty() && param.required {
            return Err(invalid(
                op,
                param.name,
                "is required: give at least one value".into(),
            ));
        }
        for text in texts {
            out.push(if first { '?' } else { '&' });
            first = false;
            encode::push_query_component(out, param.name);
            out.push('=');
            encode::push_query_component(out, &text);
        }
    }
    Ok(())
}

/// Header parameters (`Use-Effective-Instance-Fields`), only those the caller gave.
fn render_headers(
    op: &'static Operation,
    given: &[(&'static crate::spec::Param, &Value)],
    strict: bool,
) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, BuildError> {
    let mut out = Vec::new();
    for (param, value) in given.iter().filter(|(p, _)| p.location == Location::Header) {
        let texts = params::render(param, value, strict)
            .map_err(|problem| invalid(op, param.name, problem))?;
        let text = texts.join(",");
        let header = http::HeaderValue::from_str(&text).map_err(|_| {
            invalid(
                op,
                param.name,
                "must be visible ASCII without line breaks (it is sent as a header)".into(),
            )
        })?;
        let name = http::HeaderName::from_bytes(param.name.as_bytes())
            .map_err(|_| invalid(op, param.name, "is not a valid header name".into()))?;
        out.push((name, header));
    }
    Ok(out)
}

/// A content type from the generated table as a header value, without copying it (the table's
/// content types are all valid header values: see the test below).
fn table_value(content_type: &'static str) -> http::HeaderValue {
    http::HeaderValue::from_static(content_type)
}

fn invalid(op: &'static Operation, name: &'static str, problem: String) -> BuildError {
    BuildError::InvalidParameter {
        operation: op.id,
        name,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::operations;

    #[test]
    fn every_content_type_of_the_table_is_a_header_value() {
        let medias = operations()
            .iter()
            .flat_map(|op| op.versions)
            .flat_map(|v| {
                let responses = v.responses.iter().map(|r| r.media);
                v.request.into_iter().chain(responses)
            });
        for media in medias {
            let ct = media.content_type;
            assert!(http::HeaderValue::from_str(ct).is_ok(), "{ct:?}");
        }
    }
}
