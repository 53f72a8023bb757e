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

/** The client-wide settings the core's Config knows. */
export function configJson({ baseUrl, versionPin, version, userAgent, strict, retry } = {}) {
  return JSON.stringify({
    baseUrl,
    version: versionPin ?? version,
    userAgent: userAgent ?? defaultUserAgent,
    strict,
    retry,
  });
}

export function callOptionsJson({ version, format, retryNonIdempotent } = {}) {
  return JSON.stringify({ version, format, retryNonIdempotent });
}

/**
 * Builds the request for `operationId` without sending it.
 * @returns {{method: string, url: string, headers: Record<string, string>, body?: Uint8Array}}
 */
export function buildRequest(operationId, params = {}, body = undefined, options = {}) {
  const { version, format, ...config } = options;
  return withErrors(() =>
    core.buildRequest(
      configJson(config),
      operationId,
      JSON.stringify(params ?? {}),
      json(body),
      callOptionsJson({ version, format }),
    ),
  );
}

/**
 * The version a request for `operationId` would use: `options.version` if served, else the newest
 * stable version (not after `options.versionPin` when given).
 */
export function chosenVersion(operationId, options = {}) {
  const { version, format, ...config } = options;
  return withErrors(() =>
    core.chosenVersion(configJson(config), operationId, callOptionsJson({ version, format })),
  );
}

/**
 * Reads a response to `operationId`: the JSON value, text (CSV/YAML), bytes (gzip) or
 * `undefined` for no content. Throws ApiError for an error status, DecodeError for bad bytes.
 */
export function parseResponse(operationId, status, headers = {}, body = undefined) {
  return withErrors(() =>
    decodeParsed(
      core.parseResponse(operationId, status, flatHeaders(headers), bodyBytes(body), Date.now()),
    ),
  );
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
