// Error classes. The core reports failures as plain descriptor objects ({kind, message, …});
// fromCore() turns them into these, so callers can use instanceof and named fields.

/** Base class of every error this package throws on purpose. */
export class AtlasError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request was refused before any I/O: it names the parameter (or body field) and the rule. */
export class BuildError extends AtlasError {
  constructor(d) {
    super(d.message);
    /** e.g. "MissingParameter", "InvalidParameter", "InvalidBodyField", "UnknownOperation". */
    this.code = d.code;
    this.operation = d.operation ?? undefined;
    /** The parameter, body field path (`replicationSpecs[0].priority`) or config field at fault. */
    this.parameter = d.parameter ?? undefined;
    /** For `AmbiguousOperation`: the operation ids the name could mean; call one of them. */
    this.candidates = d.candidates ?? undefined;
  }
}

/** Atlas answered with an error status. */
export class ApiError extends AtlasError {
  constructor(d) {
    super(d.message);
    this.status = d.status;
    this.errorCode = d.errorCode ?? undefined;
    this.detail = d.detail ?? undefined;
    this.reason = d.reason ?? undefined;
    this.parameters = d.parameters ?? [];
    this.badRequestDetail = d.badRequestDetail ?? undefined;
    /** Seconds Atlas asked to wait (Retry-After), whichever form the header took. */
    this.retryAfter = d.retryAfter ?? undefined;
    /** The whole JSON error body, for fields not named above. */
    this.body = d.body ?? undefined;
    /** Set when the core retried and gave up: attempts made in all. */
    this.attempts = d.attempts ?? undefined;
  }
}

/**
 * Atlas no longer serves the version called (410 VERSION_GONE): `version` is the one sent,
 * `newest` the version to move to (the client's default for the operation), when there is one.
 */
export class VersionGoneError extends ApiError {
  constructor(d) {
    super(d);
    this.operation = d.operation;
    this.version = d.version;
    this.newest = d.newest ?? undefined;
  }
}

/** The response bytes do not fit what the operation promises. */
export class DecodeError extends AtlasError {
  constructor(d) {
    super(d.message);
    this.status = d.status;
    this.contentType = d.contentType;
    this.problem = d.problem;
    /** At most the first 200 characters of the body. */
    this.snippet = d.snippet;
  }
}

/** No response at all (connection refused, reset, DNS, CORS) after the core's retries. */
export class TransportError extends AtlasError {
  constructor(d) {
    super(d.message);
    this.attempts = d.attempts;
  }
}

/** Authentication failed; `cause` is the ApiError behind it when Atlas refused (401). */
export class AuthError extends AtlasError {
  constructor(d) {
    const cause = d.cause ? new ApiError(d.cause) : undefined;
    super(d.message, cause ? { cause } : undefined);
    this.status = cause?.status;
  }
}

const CLASSES = {
  build: BuildError,
  api: ApiError,
  versionGone: VersionGoneError,
  decode: DecodeError,
  transport: TransportError,
  auth: AuthError,
};

/** An Error for a core descriptor; anything else (a JS exception, an abort) passes through. */
export function fromCore(e) {
  if (e === null || typeof e !== 'object' || e instanceof Error || typeof e.kind !== 'string') {
    return e;
  }
  const Class = CLASSES[e.kind];
  if (Class) return new Class(e);
  const err = new AtlasError(e.message ?? String(e.kind));
  err.code = e.kind;
  return err;
}

/** Runs `fn`, turning a thrown core descriptor into its Error. */
export function withErrors(fn) {
  try {
    return fn();
  } catch (e) {
    throw fromCore(e);
  }
}
