//! Turning an operation id, parameters and a body into an `http::Request`.

use crate::body;
use crate::build_error::BuildError;
use crate::catalog;
use crate::config::{extra_headers, CallOptions, Config};
use crate::encode;
use crate::params;
use crate::spec::{Location, Operation, Version};
use crate::version;
use serde_json::Value;

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
    build(config, operation_id, params, body, options).map(|(_, _, request)| request)
}

/// [`build_request_with`], also saying which operation and version the request is for.
pub(crate) fn build(
    config: &Config,
    operation_id: &str,
    params: &Value,
    body: Option<&Value>,
    options: &CallOptions,
) -> Result<(&'static Operation, &'static Version, http::Request<Vec<u8>>), BuildError> {
    let op = catalog::find(operation_id)?;
    let base = config.checked_base_url()?;
    let version = version::choose(op, config.checked_pin()?, options.version.as_deref())?;
    let accept = version::response_media(op, version, options.format)?;

    let strict = options.strict.unwrap_or(config.strict);
    let given = param_map(op, params)?;
    let mut path = String::with_capacity(base.len() + op.path.len() + 32);
    path.push_str(base);
    render_path(op, &given, strict, &mut path)?;
    render_query(op, &given, strict, &mut path)?;

    let mut builder = http::Request::builder()
        .method(op.method.to_http())
        .uri(path.as_str());
    for (name, value) in render_headers(op, &given, strict)? {
        builder = builder.header(name, value);
    }
    let accept_type = accept.map(|m| m.content_type).unwrap_or("application/json");
    builder = builder.header(http::header::ACCEPT, accept_type);
    if !config.user_agent.is_empty() {
        let ua = http::HeaderValue::from_str(&config.user_agent).map_err(|_| {
            BuildError::InvalidConfig {
                field: "user_agent",
                problem: "must be visible ASCII without line breaks".into(),
            }
        })?;
        builder = builder.header(http::header::USER_AGENT, ua);
    }

    let bytes = match (version.request, body) {
        (Some(media), Some(b)) => {
            if let Some(schema) = media.schema {
                body::validate(schema, b, strict).map_err(|(pointer, problem)| {
                    BuildError::InvalidBodyField {
                        operation: op.id,
                        pointer,
                        problem,
                    }
                })?;
            }
            builder = builder.header(http::header::CONTENT_TYPE, media.content_type);
            serde_json::to_vec(b).map_err(|e| BuildError::InvalidBody {
                operation: op.id,
                problem: format!("cannot be serialized: {e}"),
            })?
        }
        (Some(_), None) if op.body_required => {
            return Err(BuildError::InvalidBody {
                operation: op.id,
                problem: "is required".into(),
            })
        }
        (None, Some(_)) => {
            return Err(BuildError::InvalidBody {
                operation: op.id,
                problem: format!("is not accepted: {} {} takes no body", op.method, op.path),
            })
        }
        _ => Vec::new(),
    };

    let mut request = builder.body(bytes).map_err(|e| BuildError::InvalidConfig {
        field: "base_url",
        problem: format!("does not form a valid request URI: {e}"),
    })?;
    // The client's extra headers, then the call's (which win for a name given in both).
    for (name, value) in extra_headers("headers", &config.headers)?
        .into_iter()
        .chain(extra_headers("options.headers", &options.headers)?)
    {
        request.headers_mut().insert(name, value);
    }
    Ok((op, version, request))
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

fn lookup<'v>(given: &[(&'static crate::spec::Param, &'v Value)], name: &str) -> Option<&'v Value> {
    given.iter().find(|(p, _)| p.name == name).map(|(_, v)| *v)
}

fn render_path(
    op: &'static Operation,
    given: &[(&'static crate::spec::Param, &Value)],
    strict: bool,
    out: &mut String,
) -> Result<(), BuildError> {
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .unwrap_or(rest.len());
        let name = &rest[open + 1..close];
        let param = op
            .param(name)
            .expect("codegen lists every path template variable as a param");
        let value = lookup(given, name).ok_or(BuildError::MissingParameter {
            operation: op.id,
            name: param.name,
            location: Location::Path.as_str(),
        })?;
        let text = params::render(param, value, strict)
            .map_err(|problem| invalid(op, param.name, problem))?
            .into_iter()
            .next()
            .unwrap_or_default();
        out.push_str(&encode::path_segment(&text));
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
        let Some(value) = lookup(given, param.name) else {
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
            out.push_str(&encode::query_component(param.name));
            out.push('=');
            out.push_str(&encode::query_component(&text));
        }
    }
    Ok(())
}

/// Header parameters (`Use-Effective-Instance-Fields`), only those the caller gave.
fn render_headers(
    op: &'static Operation,
    given: &[(&'static crate::spec::Param, &Value)],
    strict: bool,
) -> Result<Vec<(&'static str, http::HeaderValue)>, BuildError> {
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
        out.push((param.name, header));
    }
    Ok(out)
}

fn invalid(op: &'static Operation, name: &'static str, problem: String) -> BuildError {
    BuildError::InvalidParameter {
        operation: op.id,
        name,
        problem,
    }
}
