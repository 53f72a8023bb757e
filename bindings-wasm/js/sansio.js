// The sans-IO functions: build a request, read a response. No I/O happens here.

import { core, defaultUserAgent } from './core.js';
import { withErrors } from './errors.js';
import { bodyBytes, flatHeaders } from './transport.js';

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

const DEFAULT_CONFIG = configJson();

/** Splits sans-IO options into the core's Config and CallOptions (JSON each). */
function split(options) {
  let config, call;
  for (const key in options) {
    if (options[key] === undefined) continue;
    if (CALL_ONLY.has(key)) (call ??= {})[key] = options[key];
    else (config ??= {})[key] = options[key];
  }
  return [config ? configJson(config) : DEFAULT_CONFIG, call ? JSON.stringify(call) : ''];
}

/**
 * Builds the request for `operationId` without sending it.
 * @returns {{method: string, url: string, headers: Record<string, string>, body?: Uint8Array}}
 */
export function buildRequest(operationId, params = {}, body = undefined, options = {}) {
  const [config, call] = split(options);
  return withErrors(() =>
    core.buildRequest(config, operationId, JSON.stringify(params ?? {}), json(body), call),
  );
}

/**
 * The version a request for `operationId` would use: `options.version` if served, else the newest
 * stable version (not after `options.versionPin` when given).
 */
export function chosenVersion(operationId, options = {}) {
  const [config, call] = split(options);
  return withErrors(() => core.chosenVersion(config, operationId, call));
}

/**
 * Reads a response to `operationId`: the JSON value, text (CSV/YAML), bytes (gzip) or
 * `undefined` for no content. Throws ApiError for an error status, DecodeError for bad bytes.
 */
export function parseResponse(operationId, status, headers = {}, body = undefined) {
  const flat = flatHeaders(headers);
  const bytes = bodyBytes(body);
  return withErrors(() => {
    const read = (full) => core.parseResponse(operationId, status, flat, bytes, Date.now(), full);
    const first = read(false);
    if (!first.unchecked) return decodeParsed(first);
    // The headers promise JSON: read it with JSON.parse, once. Broken JSON, or an object the
    // core may have to unwrap (envelope=true), goes back to the core, which decides.
    let value;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch {
      return decodeParsed(read(true));
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && ENVELOPE in value) {
      return decodeParsed(read(true));
    }
    return value;
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const ENVELOPE = core.envelopeStatus();

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
