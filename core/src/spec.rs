//! The shapes of the generated operation table and request-body schema table.
//!
//! Everything here is plain `'static` data written by `codegen` into `generated/`; the logic that
//! reads it lives in the neighbouring modules so that the generated files hold facts only.

/// HTTP methods used by the Atlas Admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// GET, PUT and DELETE may be repeated without changing the outcome (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    pub fn to_http(self) -> http::Method {
        match self {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Patch => http::Method::PATCH,
            Method::Delete => http::Method::DELETE,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    /// A request header named after the parameter (`Use-Effective-Instance-Fields`).
    Header,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// The JSON type of a parameter value (of each item, for array parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Integer,
    Number,
    Boolean,
}

impl ValueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::String => "string",
            ValueKind::Integer => "integer",
            ValueKind::Number => "number",
            ValueKind::Boolean => "boolean",
        }
    }
}

/// A path or query parameter with the constraints the spec states for it.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name on the wire, as the spec spells it (`groupId`, `itemsPerPage`).
    pub name: &'static str,
    /// Other names a caller may give it by (`projectId` for `groupId`); sent as `name`.
    pub aliases: &'static [&'static str],
    pub location: Location,
    pub required: bool,
    /// Type of the value, or of each item when `array` is set.
    pub kind: ValueKind,
    /// Sent as the key repeated once per item (`?status=A&status=B`).
    pub array: bool,
    /// `date-time`, `date`, `email`, `int32`, `int64`, ...
    pub format: Option<&'static str>,
    /// Index into [`crate::generated::PATTERNS`].
    pub pattern: Option<u16>,
    pub enum_values: &'static [&'static str],
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    /// The server-side default, rendered as text; never sent unless the caller gives a value.
    pub default: Option<&'static str>,
}

/// How a body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    Gzip,
    Yaml,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Gzip => "gzip",
            Format::Yaml => "yaml",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "gzip" => Some(Format::Gzip),
            "yaml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// One content type an operation accepts or returns in one version.
#[derive(Debug, Clone, Copy)]
pub struct Media {
    /// `application/vnd.atlas.2024-08-05+json`, or plain `application/json` for the few
    /// operations the spec does not version.
    pub content_type: &'static str,
    pub format: Format,
    /// Index into [`crate::generated::SCHEMAS`]; `None` when the spec gives no schema.
    pub schema: Option<u32>,
}

/// A success response of one version.
#[derive(Debug, Clone, Copy)]
pub struct SuccessMedia {
    pub status: u16,
    pub media: Media,
    /// The spec declares a JSON string here, which Atlas sends as the text itself (a PEM file).
    pub text_body: bool,
    /// The spec describes the body (it has a schema), so an empty body is not what was promised.
    pub has_model: bool,
}

/// One API version an operation is served in.
#[derive(Debug, Clone, Copy)]
pub struct Version {
    /// `2023-01-01`-style date, or `preview` / `upcoming`.
    pub name: &'static str,
    /// A dated version; `preview` and `upcoming` are not stable.
    pub stable: bool,
    /// The date after which Atlas stops serving this version, when announced.
    pub sunset: Option<&'static str>,
    pub request: Option<Media>,
    /// The 2xx responses of this version, in status order.
    pub responses: &'static [SuccessMedia],
}

/// Everything the core knows about one operation.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The current spec's operationId (`listGroupClusters`); for a removed operation, the id
    /// of the last spec that listed it.
    pub id: &'static str,
    /// The short name the Go SDK and the Atlas CLI use (`listClusters`), where there is one.
    pub short_name: Option<&'static str>,
    /// Ids the operation had in earlier specs (`listClusters`, `createProject`).
    pub former_ids: &'static [&'static str],
    pub method: Method,
    /// The path template (`/api/atlas/v2/groups/{groupId}/clusters`).
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    /// Where its documentation page is (see [`Operation::docs_url`]).
    pub docs: Docs,
    pub deprecated: bool,
    /// The date of the last spec that listed an operation Atlas no longer lists; it can still be
    /// called, with a warning.
    pub removed: Option<&'static str>,
    pub params: &'static [&'static Param],
    /// Whether a request body must be sent (only meaningful when versions carry a request).
    pub body_required: bool,
    /// Oldest first.
    pub versions: &'static [Version],
    /// A list operation with `pageNum` / `itemsPerPage`.
    pub paged: bool,
    /// The spec asks for no credentials (`security: []`): a call goes out without any, even
    /// from a session that has none ([`crate::Credentials::Missing`]).
    pub anonymous: bool,
    /// How to wait for what the operation starts (a cluster created, a snapshot taken).
    pub watcher: Option<&'static Watcher>,
}

/// How to wait for what an operation starts: poll a GET until its reply says the work is over.
/// From the spec's `x-xgen-atlascli.watcher`, checked by codegen (a GET to poll, its version,
/// every parameter it needs, which end states are failures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watcher {
    /// The GET polled, by id.
    pub operation: &'static str,
    /// The version it is polled with.
    pub version: &'static str,
    /// Each parameter of the GET and where its value comes from.
    pub params: &'static [(&'static str, WatchSource)],
    pub until: Until,
}

/// Where a polled GET's parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchSource {
    /// The parameter of this name given to the call that started the work.
    Input(&'static str),
    /// The member of that call's reply at this path (`id`, `status.id`).
    Reply(&'static str),
}

/// What ends a wait. Serialized as the caller-given [`crate::WaitGoal`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Until {
    /// The member at `path` (`stateName`) of the GET's reply reaches a value of `done`, or of
    /// `failed` (a backup export `Failed`), which ends the wait as a failure.
    State {
        path: &'static str,
        done: &'static [&'static str],
        failed: &'static [&'static str],
    },
    /// The GET answers this status (404 once a delete is over).
    Status(u16),
}

impl Operation {
    /// The parameter called `name`, or by one of its aliases.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .or_else(|| self.params.iter().find(|p| p.aliases.contains(&name)))
            .copied()
    }

    /// Every camelCase name the operation answers to: id, short name, former ids.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        let mut seen: Vec<&'static str> = Vec::with_capacity(4);
        std::iter::once(self.id)
            .chain(self.short_name)
            .chain(self.former_ids.iter().copied())
            .filter(move |n| {
                let fresh = !seen.contains(n);
                seen.push(n);
                fresh
            })
    }

    pub fn version(&self, name: &str) -> Option<&'static Version> {
        self.versions.iter().find(|v| v.name == name)
    }

    /// The operation's documentation page (`x-xgen-docs-url`), where the spec gives one.
    pub fn docs_url(&self) -> Option<String> {
        match self.docs {
            Docs::Standard => Some(crate::rules::standard_docs_url(self.tag, self.id)),
            Docs::Url(url) => Some(url.to_owned()),
            Docs::None => None,
        }
    }

    /// Whether the operation takes a request body in any version.
    pub fn has_body(&self) -> bool {
        self.versions.iter().any(|v| v.request.is_some())
    }
}

/// Where an operation's documentation page is. Every operation of the specs so far has the
/// standard URL, which is derived rather than stored (the table travels to browsers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Docs {
    /// [`crate::rules::standard_docs_url`] of its tag and id.
    Standard,
    Url(&'static str),
    None,
}

/// A node of the request-body schema table, used to check bodies before sending.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub nullable: bool,
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy)]
pub enum SchemaKind {
    /// No constraint the core checks.
    Any,
    Boolean,
    Integer {
        minimum: Option<f64>,
        maximum: Option<f64>,
    },
    Number {
        minimum: Option<f64>,
        maximum: Option<f64>,
    },
    String {
        format: Option<&'static str>,
        pattern: Option<u16>,
        min_length: Option<u32>,
        max_length: Option<u32>,
        enum_values: &'static [&'static str],
    },
    Array {
        items: u32,
        min_items: Option<u32>,
        max_items: Option<u32>,
    },
    Object(&'static ObjectSchema),
    OneOf {
        variants: &'static [u32],
        discriminator: Option<&'static Discriminator>,
    },
    AnyOf(&'static [u32]),
    AllOf(&'static [u32]),
}

#[derive(Debug, Clone, Copy)]
pub struct ObjectSchema {
    /// Sorted by name.
    pub properties: &'static [Property],
    pub required: &'static [&'static str],
    pub additional: Additional,
    pub discriminator: Option<&'static Discriminator>,
    /// `minProperties` / `maxProperties`: how many fields the object holds.
    pub min_properties: Option<u32>,
    pub max_properties: Option<u32>,
}

impl ObjectSchema {
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties
            .binary_search_by(|p| p.name.cmp(name))
            .ok()
            .map(|i| &self.properties[i])
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Additional {
    /// The spec allows any extra property (the OpenAPI default).
    Any,
    /// `additionalProperties: false`.
    Forbidden,
    /// Extra properties must match this schema.
    Schema(u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Property {
    pub name: &'static str,
    pub schema: u32,
    /// Set by Atlas; never part of a request.
    pub read_only: bool,
    pub write_only: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Discriminator {
    pub property: &'static str,
    /// Sorted by value.
    pub mapping: &'static [(&'static str, u32)],
}
