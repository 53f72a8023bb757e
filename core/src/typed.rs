//! The typed layer (feature `models`): [`Endpoint`], implemented by a generated params struct per
//! operation in [`crate::models::ops`], and the helpers the generated models use.
//!
//! A typed call goes through the dynamic layer: its params and body are serialized to the JSON
//! [`crate::build_request_with`] takes (one source of validation), pinned to the version the
//! typed output models, and the reply is read by [`crate::parse_response`] before it is typed.
//!
//! The models ([`crate::models`]) follow the spec: a struct per object schema (allOf parts
//! flattened), an enum per string enum that keeps unknown values (`Other(String)`), an enum per
//! discriminated oneOf that keeps unknown tags (`Unknown(Value)`), an untagged enum with an
//! `Other(Value)` fallback per oneOf without a discriminator. Optional fields are `Option`s left
//! out when `None`; read-only fields are `Option`s that a request body never carries (see
//! [`request_json`]) while a reply written back keeps them; a reply that leaves out a required
//! field still reads (the field's default); unknown fields are ignored. Date-times are `String`s.
//!
//! ```
//! use atlas_admin::models::ops::ListClusters;
//! use atlas_admin::typed::Endpoint;
//! use atlas_admin::Config;
//!
//! let call = ListClusters::new("32b6e34b3d91647abb20e7b8").items_per_page(10);
//! let req = call.to_request(&Config::default()).unwrap();
//! assert_eq!(req.headers()["accept"], "application/vnd.atlas.2024-08-05+json");
//! ```

use crate::config::{CallOptions, Config};
use crate::error::{snippet, BuildError, DecodeError, Error};
use crate::response::Parsed;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::cell::Cell;

/// How a typed call reads its successful reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decode {
    /// JSON read into the output model.
    Json,
    /// No content: the output is `()`.
    Empty,
    /// CSV, YAML or binary content: the output is the [`Parsed`] reply itself.
    Raw,
}

/// One operation, typed: request params and body in, a typed reply out.
pub trait Endpoint: Serialize {
    /// The spec's operationId.
    const OPERATION_ID: &'static str;
    /// The version the call is pinned to, so that the reply always fits [`Endpoint::Output`]
    /// (`None`: the operation has no versioned content, the config decides).
    const VERSION: Option<&'static str>;
    const DECODE: Decode;
    /// The request body (`()` for operations that take none).
    type Body: Serialize;
    /// The model of the success reply in [`Endpoint::VERSION`].
    type Output: FromParsed;

    fn body(&self) -> Option<&Self::Body>;

    /// The per-call options the typed call uses: its pinned version.
    fn options(&self) -> CallOptions {
        CallOptions {
            version: Self::VERSION.map(str::to_owned),
            ..CallOptions::default()
        }
    }

    /// The request, checked by the dynamic layer.
    fn to_request(&self, config: &Config) -> Result<http::Request<Vec<u8>>, BuildError> {
        let params = serde_json::to_value(self).map_err(|e| BuildError::InvalidBody {
            operation: Self::OPERATION_ID,
            problem: format!("params cannot be serialized: {e}"),
        })?;
        let body = match self.body() {
            Some(b) => Some(request_json(b).map_err(|e| BuildError::InvalidBody {
                operation: Self::OPERATION_ID,
                problem: format!("cannot be serialized: {e}"),
            })?),
            None => None,
        };
        crate::build_request_with(
            config,
            Self::OPERATION_ID,
            &params,
            body.as_ref(),
            &self.options(),
        )
    }

    /// The typed reply; an [`Error::Api`] when Atlas said no. JSON is read straight from the
    /// bytes into the model, with no tree in between.
    fn from_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error> {
        let op = crate::catalog::find(Self::OPERATION_ID)?;
        let reply = crate::response::classify(
            op,
            response.status().as_u16(),
            crate::response::content_type_of(&response),
            crate::response::retry_after_of(&response),
            response.body(),
        )?;
        let read = match (Self::DECODE, reply) {
            (Decode::Empty, _) => Self::Output::from_parsed(&Parsed::Empty),
            (_, crate::response::Reply::JsonAsIs(bytes)) => Self::Output::from_json(bytes),
            (_, crate::response::Reply::Parsed(parsed)) => Self::Output::from_parsed(&parsed),
        };
        read.map_err(|problem| {
            Error::Decode(DecodeError {
                status: response.status().as_u16(),
                content_type: response
                    .headers()
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned(),
                problem,
                snippet: snippet(response.body()),
            })
        })
    }
}

/// One page of a list reply (`results`, `totalCount`; the page's `links` are a field of the model).
pub trait Page {
    type Item;
    /// The items of this page (empty when the reply has none).
    fn results(&self) -> &[Self::Item];
    /// The number of items over all pages, when Atlas counts them.
    fn total_count(&self) -> Option<i64>;
}

/// A typed output read from a parsed reply, or straight from JSON bytes.
pub trait FromParsed: Sized {
    fn from_parsed(parsed: &Parsed) -> Result<Self, String>;
    /// From JSON bytes as received, checked to need no unwrapping.
    fn from_json(bytes: &[u8]) -> Result<Self, String>;
}

fn misfit(e: serde_json::Error) -> String {
    format!("does not fit the typed model: {e}")
}

impl<T: DeserializeOwned> FromParsed for T {
    fn from_parsed(parsed: &Parsed) -> Result<Self, String> {
        match parsed {
            Parsed::Json(v) => T::deserialize(v).map_err(misfit),
            Parsed::JsonText(bytes) => Self::from_json(bytes),
            Parsed::Empty => T::deserialize(&Value::Null).map_err(misfit),
            Parsed::Text(s) => T::deserialize(
                serde::de::value::StrDeserializer::<serde_json::Error>::new(s),
            )
            .map_err(misfit),
            Parsed::Bytes(_) => Err("binary content where JSON was expected".into()),
        }
    }

    fn from_json(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes).map_err(misfit)
    }
}

impl FromParsed for Parsed {
    fn from_parsed(parsed: &Parsed) -> Result<Self, String> {
        Ok(parsed.clone())
    }

    fn from_json(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes)
            .map(Parsed::Json)
            .map_err(|e| format!("invalid JSON: {e}"))
    }
}

thread_local! {
    static REQUEST_BODY: Cell<bool> = const { Cell::new(false) };
}

/// Serializes a request body: read-only fields (Atlas sets them) are left out.
pub fn request_json<T: Serialize + ?Sized>(body: &T) -> Result<Value, serde_json::Error> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            REQUEST_BODY.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(REQUEST_BODY.with(|c| c.replace(true)));
    serde_json::to_value(body)
}

/// `skip_serializing_if` of read-only fields: absent, or written for a request body.
#[doc(hidden)]
pub fn omit_read_only<T>(value: &Option<T>) -> bool {
    value.is_none() || REQUEST_BODY.with(Cell::get)
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

/// A list that may come as a single value (for arrays whose enum the spec puts on the array).
#[doc(hidden)]
pub fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(
        match <OneOrMany<T> as serde::Deserialize>::deserialize(d)? {
            OneOrMany::Many(mut v) => {
                v.shrink_to_fit();
                v
            }
            OneOrMany::One(t) => vec![t],
        },
    )
}

/// [`one_or_many`] for an optional field.
#[doc(hidden)]
pub fn opt_one_or_many<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(
        match <Option<OneOrMany<T>> as serde::Deserialize>::deserialize(d)? {
            Some(OneOrMany::Many(mut v)) => {
                v.shrink_to_fit();
                Some(v)
            }
            Some(OneOrMany::One(t)) => Some(vec![t]),
            None => None,
        },
    )
}

/// A list kept at its length. serde grows a `Vec` by doubling from a capacity of 4, so a
/// one-item list of a 720-byte region config held 2.9 KB, and a reply's models took twice the
/// memory their items need; every list field of a model reads through this. It starts with
/// room for one item (most lists in replies hold one) and gives back the rest at the end.
#[doc(hidden)]
pub fn exact<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    d.deserialize_seq(ExactList(std::marker::PhantomData))
}

/// [`exact`] for an optional field.
#[doc(hidden)]
pub fn opt_exact<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    #[derive(serde::Deserialize)]
    #[serde(bound = "T: serde::Deserialize<'de>")]
    struct Exact<T>(#[serde(deserialize_with = "exact")] Vec<T>);
    let list = <Option<Exact<T>> as serde::Deserialize>::deserialize(d)?;
    Ok(list.map(|Exact(list)| list))
}

struct ExactList<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for ExactList<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut list = Vec::with_capacity(1);
        while let Some(item) = seq.next_element()? {
            list.push(item);
        }
        list.shrink_to_fit();
        Ok(list)
    }
}

/// A string enum that keeps values the spec does not list.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $value:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)*
            /// A value this spec does not list, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(s) => s,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($value => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Read from the input's own text: a listed value allocates nothing.
                struct Text;
                impl serde::de::Visitor<'_> for Text {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        Ok($name::from(s))
                    }
                }
                d.deserialize_str(Text)
            }
        }
    };
}
pub(crate) use string_enum;

/// The string value of member `prop` of the JSON object `text` (`None` when absent, not a
/// string, or `text` is not an object), read without building the object.
#[doc(hidden)]
pub fn discriminator(text: &str, prop: &str) -> Result<Option<String>, serde_json::Error> {
    let member = crate::response::top_level_member(text, prop)?;
    Ok(member.and_then(|v| match v {
        Value::String(s) => Some(s),
        _ => None,
    }))
}

/// A `oneOf` chosen by a discriminator field; a tag the spec does not know is kept as a value.
macro_rules! tagged_enum {
    ($(#[$m:meta])* $name:ident by $prop:literal { $($variant:ident($ty:ty) = [$($tag:literal),+],)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $(#[doc = concat!("`", $prop, "`: ", $("`", $tag, "` "),+)] $variant($ty),)*
            /// A variant this spec does not know, kept as sent.
            Unknown(serde_json::Value),
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Unknown(serde_json::Value::Null)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(v) => v.serialize(s),)*
                    Self::Unknown(v) => v.serialize(s),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The object's own text, read twice (its tag, then its variant): no tree.
                let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
                let read = || -> Result<Self, serde_json::Error> {
                    match $crate::typed::discriminator(raw.get(), $prop)?.as_deref() {
                        $($(Some($tag))|+ => serde_json::from_str(raw.get()).map(Self::$variant),)*
                        _ => serde_json::from_str(raw.get()).map(Self::Unknown),
                    }
                };
                read().map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    };
}
pub(crate) use tagged_enum;

/// A `oneOf` without a discriminator: the first variant that fits, else the value as sent.
macro_rules! untagged_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident($ty:ty),)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum $name {
            $(#[allow(missing_docs)] $variant($ty),)*
            /// A value that fits no variant, kept as sent.
            Other(serde_json::Value),
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Other(serde_json::Value::Null)
            }
        }
    };
}
pub(crate) use untagged_enum;

/// A typed call in a [`crate::Session`]: the session's authentication, retries and timeout,
/// and a reply read into [`Endpoint::Output`]. Drive [`TypedCall::call`] with any host (or
/// [`TypedCall::run`] with a [`crate::driver::Host`]), then hand its result to
/// [`TypedCall::finish`].
///
/// ```
/// use atlas_admin::mock::MockAtlas;
/// use atlas_admin::models::ops::ListClusters;
/// use atlas_admin::{Config, Credentials, Session};
///
/// let mut atlas = MockAtlas::new();
/// atlas.require_digest("pub", "priv");
/// let session = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
/// let page = session
///     .call_typed(&ListClusters::new("32b6e34b3d91647abb20e7b8"))
///     .run(&mut atlas)
///     .unwrap();
/// assert!(!page.results.unwrap_or_default().is_empty());
/// ```
pub struct TypedCall<E: Endpoint> {
    call: crate::Call,
    early: Option<Error>,
    endpoint: std::marker::PhantomData<fn() -> E>,
}

impl<E: Endpoint> TypedCall<E> {
    pub(crate) fn start(session: &crate::Session, endpoint: &E) -> TypedCall<E> {
        let body = match endpoint.body().map(request_json).transpose() {
            Ok(body) => body,
            Err(e) => return TypedCall::failed(session, "body", e),
        };
        match serde_json::to_value(endpoint) {
            Ok(params) => TypedCall {
                call: session.call_json_text(
                    E::OPERATION_ID,
                    &params,
                    body.as_ref(),
                    &endpoint.options(),
                ),
                early: None,
                endpoint: std::marker::PhantomData,
            },
            Err(e) => TypedCall::failed(session, "params", e),
        }
    }

    /// A call that ends at once (an unknown operation fails before any I/O) and whose
    /// [`TypedCall::finish`] reports why the endpoint could not be serialized.
    fn failed(session: &crate::Session, what: &str, e: serde_json::Error) -> TypedCall<E> {
        TypedCall {
            call: session.call("", &Value::Null, None),
            early: Some(Error::Build(BuildError::InvalidBody {
                operation: E::OPERATION_ID,
                problem: format!("{what} cannot be serialized: {e}"),
            })),
            endpoint: std::marker::PhantomData,
        }
    }

    /// The call to drive.
    pub fn call(&mut self) -> &mut crate::Call {
        &mut self.call
    }

    /// Reads the driven call's result into the typed output; an [`Error::Decode`] when the
    /// reply does not fit the model.
    pub fn finish(mut self, result: Result<Parsed, Error>) -> Result<E::Output, Error> {
        if let Some(e) = self.early.take() {
            return Err(e);
        }
        let parsed = match (E::DECODE, result?) {
            (Decode::Empty, _) => Parsed::Empty,
            (_, parsed) => parsed,
        };
        E::Output::from_parsed(&parsed).map_err(|problem| {
            let shown = match &parsed {
                Parsed::Json(v) => v.to_string().into_bytes(),
                Parsed::Text(s) => s.clone().into_bytes(),
                Parsed::Bytes(b) | Parsed::JsonText(b) => b.clone(),
                Parsed::Empty => Vec::new(),
            };
            let meta = self.call.metadata();
            Error::Decode(DecodeError {
                status: meta.map_or(0, |m| m.status),
                content_type: meta
                    .and_then(|m| m.header("content-type"))
                    .map(str::to_owned)
                    .unwrap_or_default(),
                problem,
                snippet: snippet(&shown),
            })
        })
    }

    /// Drives the call to its end with `host` (see [`crate::driver::drive`]) and reads the reply.
    pub fn run(mut self, host: &mut impl crate::driver::Host) -> Result<E::Output, Error> {
        let result = crate::driver::drive(&mut self.call, host, |_| {});
        self.finish(result)
    }
}
