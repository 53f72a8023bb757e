// The error taxonomy, the same in every language (the core decides it: ErrorReport.class).
//
// AtlasError
// ├── BuildError        refused before any I/O; `parameter` names what was wrong, `code` the rule
// ├── ApiError          Atlas answered with an error status
// │   ├── BadRequest (400)  Unauthorized (401)  Forbidden (403)  NotFound (404)
// │   ├── Conflict (409)  VersionGone (410 VERSION_GONE)  RateLimited (429)
// │   └── ServerError (5xx)
// ├── AuthError         the credentials were refused, or could not be used
// ├── DecodeError       a reply that does not fit what the operation promises
// ├── TransportError    no reply at all
// └── WaitError         a wait saw the work fail, or ran out of time
//
// Every instance carries the report's fields: operation, method, url, status, errorCode, detail,
// parameters, parameter, retryAfter (seconds), rateLimit (a token bucket's figures, or null),
// attempts, body; `message` is the core's sentence.

const FIELDS = [
  'operation', 'method', 'url', 'status', 'errorCode', 'detail', 'parameter', 'retryAfter', 'rateLimit', 'attempts',
  'body',
];

/** Base class of every error this package throws on purpose. */
export class AtlasError extends Error {
  constructor(report = {}, options) {
    const r = typeof report === 'string' ? { message: report } : report;
    super(r.message, options);
    this.name = new.target.name;
    for (const field of FIELDS) this[field] = r[field] ?? undefined;
    this.rateLimit = r.rateLimit ?? null;
    this.parameters = r.parameters ?? [];
  }
}

/** Refused before any I/O. `code`: the rule (MissingParameter, AmbiguousOperation, …). */
export class BuildError extends AtlasError {
  constructor(r) {
    super(r);
    this.code = r.code;
    /** For `AmbiguousOperation`: the operation ids the name could mean. */
    this.candidates = r.candidates ?? undefined;
  }
}

/** Atlas answered with an error status; `reason`, `badRequestDetail` from its body. */
export class ApiError extends AtlasError {
  constructor(r) {
    super(r);
    this.reason = this.body?.reason;
    this.badRequestDetail = this.body?.badRequestDetail;
  }
}
export class BadRequest extends ApiError {}
export class Unauthorized extends ApiError {}
export class Forbidden extends ApiError {}
export class NotFound extends ApiError {}
export class Conflict extends ApiError {}
/** 410 VERSION_GONE: the message names the version sent and the one to move to. */
export class VersionGone extends ApiError {}
export class RateLimited extends ApiError {}
export class ServerError extends ApiError {}
export class AuthError extends AtlasError {}
export class DecodeError extends AtlasError {}
export class TransportError extends AtlasError {}
/** A wait saw the work end in a state that means it failed, or ran out of time. */
export class WaitError extends AtlasError {}

/** Every class by the name the core's report gives. */
export const ERROR_CLASSES = Object.freeze({
  AtlasError, BuildError, ApiError, BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
  VersionGone, RateLimited, ServerError, AuthError, DecodeError, TransportError, WaitError,
});

/** An Error for a core report; anything else (a JS exception, an abort) passes through. */
export function fromCore(e) {
  if (e === null || typeof e !== 'object' || e instanceof Error || typeof e.class !== 'string') return e;
  return new (ERROR_CLASSES[e.class] ?? AtlasError)(e);
}

/** Runs `fn`, turning a thrown core report into its Error. */
export function withErrors(fn) {
  try {
    return fn();
  } catch (e) {
    throw fromCore(e);
  }
}
