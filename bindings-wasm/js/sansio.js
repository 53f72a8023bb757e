// The sans-IO functions: build a request, read a response. No I/O happens here.

import { core, defaultUserAgent } from './core.js';
import { withErrors } from './errors.js';
import { bodyBytes, flatHeaders, fromCore, requestFromCore } from './transport.js';

let catalog;

/**
 * Every operation once, with all its names (current id, short name, earlier ids, snake_case), sorted
 * by operationId: the current API's and those Atlas removed. Parsed once, then shared and frozen.
 */
export function operations() {
  catalog ??= deepFreeze(JSON.parse(core.operationsJson()));
  return catalog;
}

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** JSON text for the core; `undefined` stays "absent" (distinct from an explicit null body). */
export function json(value) {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** Per-call option names of the core's CallOptions that are not also client settings. */
const CALL_ONLY = new Set(['version', 'format', 'retryNonIdempotent']);

/**
 * The core's Config as JSON: the client's settings under the core's names (`versionPin`, `retry`
 * in seconds…), the package's default User-Agent. Unknown names are refused by the core.
 */
export function configJson({ userAgent, ...config } = {}) {
  return JSON.stringify({ ...config, userAgent: userAgent ?? defaultUserAgent });
}

/** The core's settings for the package defaults, read once (a session without credentials). */
const DEFAULTS = new core.Client(configJson(), '"none"');

/**
 * Runs `use(settings, callOptionsJson)` with the core's settings for sans-IO `options`: the
 * defaults when no client setting is among them, else a session made for this call and freed.
 */
function withSettings(options, use) {
  let config, call;
  for (const key in options) {
    if (options[key] === undefined) continue;
    if (CALL_ONLY.has(key)) (call ??= {})[key] = options[key];
    else (config ??= {})[key] = options[key];
  }
  const callJson = call ? JSON.stringify(call) : '';
  return withErrors(() => {
    if (!config) return use(DEFAULTS, callJson);
    const settings = new core.Client(configJson(config), '"none"');
    try {
      return use(settings, callJson);
    } finally {
      settings.free();
    }
  });
}

/**
 * Builds the request for `operationId` without sending it.
 * @returns {{method: string, url: string, headers: Record<string, string>, body?: Uint8Array}}
 */
export function buildRequest(operationId, params = {}, body = undefined, options = {}) {
  return withSettings(options, (settings, call) => {
    const paramsJson = JSON.stringify(params ?? {});
    return prepared(settings, operationId, call, (p) =>
      body === undefined
        ? requestFromPrepared(p, p.handle.target(paramsJson))
        : requestFromCore(p.handle.request(paramsJson, json(body))),
    );
  });
}

/**
 * The core's prepared requests for the package defaults and no call options, by the name they
 * were asked for: the method and headers the core gave once, and its handle, which renders the
 * rest from each call's parameters (`Prepared` in src/session.rs). Bounded, whatever names come.
 */
const preparedByName = new Map();

/** Runs `use({handle, method, headers})` with the prepared request, kept or made for the call. */
function prepared(settings, operationId, call, use) {
  const kept = settings === DEFAULTS && !call;
  const known = kept ? preparedByName.get(operationId) : undefined;
  if (known) return use(known);
  // Throws the BuildError a build would (an unknown operation) before anything is kept.
  const handle = settings.prepare(operationId, call);
  const { lines, headers } = fromCore(handle.head(), 1);
  const entry = { handle, method: lines[0], headers };
  if (kept && typeof operationId === 'string' && preparedByName.size < 1000) {
    preparedByName.set(operationId, entry);
    return use(entry);
  }
  try {
    return use(entry);
  } finally {
    handle.free();
  }
}

/** A request from a prepared one and the core's `target` text: the URL, then header lines. */
function requestFromPrepared({ method, headers }, target) {
  if (!target.includes('\n')) return { method, url: target, headers: { ...headers } };
  const { lines, headers: given } = fromCore(target, 1);
  return { method, url: lines[0], headers: { ...headers, ...given } };
}

/**
 * The version a request for `operationId` would use: `options.version` if served, else the newest
 * stable version (not after `options.versionPin` when given).
 */
export function chosenVersion(operationId, options = {}) {
  return withSettings(options, (settings, call) => settings.chosenVersion(operationId, call));
}

/**
 * Reads a response to `operationId`: the JSON value, text (CSV/YAML), bytes (gzip) or
 * `undefined` for no content. Throws ApiError for an error status, DecodeError for bad bytes.
 */
export function parseResponse(operationId, status, headers = {}, body = undefined) {
  const flat = flatHeaders(headers);
  // A string is parsed as it is, unless its bytes would read otherwise (a lone surrogate, or a
  // byte order mark, which decoding drops).
  const asIs = typeof body === 'string' && body.isWellFormed?.() && body.charCodeAt(0) !== 0xfeff;
  const content = asIs ? body : bodyBytes(body);
  const value = parsedHere(operationId, status, flat, content);
  if (value !== NOT_HERE) return value;
  const bytes = typeof content === 'string' ? bodyBytes(content) : content;
  return withErrors(() => decodeParsed(core.parseResponse(operationId, status, flat, bytes, Date.now())));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NOT_HERE = Symbol('for the core to read');

/**
 * The common reply, read without calling into the core: a non-empty body whose operation, status
 * and content type the core says are JSON for the caller to parse (`hostParses`), and that has
 * no member the core named (an envelope to unwrap). Anything else, and headers that are not
 * well-formed HTTP (the core says what is wrong with them), is `NOT_HERE`: the core reads it.
 */
function parsedHere(operationId, status, flat, content) {
  if (typeof operationId !== 'string' || content.length === 0) return NOT_HERE;
  let contentType = '';
  // Backwards, so that the first Content-Type wins, as in the core.
  for (let i = flat.length - 2; i >= 0; i -= 2) {
    if (!TOKEN.test(flat[i]) || CONTROL.test(flat[i + 1])) return NOT_HERE;
    if (flat[i].length === 12 && flat[i].toLowerCase() === 'content-type') contentType = flat[i + 1];
  }
  const envelope = known.get(operationId)?.get(status)?.get(contentType) ?? ask(operationId, status, contentType);
  if (envelope === null) return NOT_HERE;
  let value;
  try {
    value = JSON.parse(typeof content === 'string' ? content : utf8.decode(content));
  } catch {
    return NOT_HERE;
  }
  const object = value !== null && typeof value === 'object' && !Array.isArray(value);
  return object && envelope in value ? NOT_HERE : value;
}

/** An HTTP header name (RFC 9110 token) and a character no header value may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL = /[\0-\x08\n-\x1f\x7f]/;

/**
 * The core's `hostParses` answers (the member to check, or null: the core reads such replies) by
 * operation, status and content type, the only things it reads to answer.
 */
const known = new Map();
let remembered = 0;

function ask(operationId, status, contentType) {
  const answer = core.hostParses(operationId, status, contentType) ?? null;
  // Bounded, whatever names and headers come: past that, the core is asked each time.
  if (remembered++ < 10000) {
    if (!known.has(operationId)) known.set(operationId, new Map());
    const byStatus = known.get(operationId);
    if (!byStatus.has(status)) byStatus.set(status, new Map());
    byStatus.get(status).set(contentType, answer);
  }
  return answer;
}

/** `{json}`/`{text}`/`{bytes}`/`{}` from the core → the value. */
export function decodeParsed(parsed) {
  if (parsed.json !== undefined) return JSON.parse(parsed.json);
  if (parsed.text !== undefined) return parsed.text;
  if (parsed.bytes !== undefined) return parsed.bytes;
  return undefined;
}

/** A `curl` command for a built request, with credentials and secret-looking fields redacted. */
export function toCurl(request) {
  return core.toCurl(
    request.method,
    request.url,
    flatHeaders(request.headers ?? {}),
    bodyBytes(request.body),
  );
}

/** The core's option names and defaults: `{config, callOptions}` (what every binding takes). */
export function contractFields() {
  return JSON.parse(core.contractFields());
}
