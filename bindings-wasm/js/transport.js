// Moving bytes with the host's fetch, and the small conversions around it.

import { inBrowser } from './core.js';
import { AtlasError } from './errors.js';

/** A request the host's fetch cannot carry at all; not a network failure, so never retried. */
export class UnsendableError extends AtlasError {
  code = 'Unsendable';
}

const encoder = new TextEncoder();

/** Headers as the core takes them: a flat [name, value, …] list. */
export function flatHeaders(headers) {
  const flat = [];
  if (typeof headers?.entries !== 'function' && !Array.isArray(headers)) {
    // A plain object, the usual case: its keys cost less to list than its entries.
    for (const name of Object.keys(headers ?? {})) flat.push(name, String(headers[name]));
    return flat;
  }
  for (const [name, value] of Array.isArray(headers) ? headers : headers.entries()) flat.push(String(name), String(value));
  return flat;
}

/**
 * A message from the core in one piece (`message_to_js` in src/convert.rs): `head`, or
 * `[head, body]`, the head's lines being `start` lines (method and URL, or status), then each
 * header's name and value. Returns the start lines, the headers as an object, and the body.
 */
export function fromCore(message, start) {
  const [head, body] = typeof message === 'string' ? [message] : message;
  // Read line by line with indexOf rather than split: no array of every line (half as long for
  // a request, which is built on every call).
  const lines = [];
  let at = 0;
  const line = () => {
    const end = head.indexOf('\n', at);
    const text = head.slice(at, end < 0 ? head.length : end);
    at = end < 0 ? head.length + 1 : end + 1;
    return text;
  };
  for (let i = 0; i < start; i++) lines.push(line());
  const headers = {};
  while (at <= head.length) {
    const name = line();
    headers[name] = line();
  }
  return { lines, headers, body };
}

/** A request from the core: `{method, url, headers, body?}`. */
export function requestFromCore(message) {
  const { lines, headers, body } = fromCore(message, 2);
  const request = { method: lines[0], url: lines[1], headers };
  if (body !== undefined) request.body = body;
  return request;
}

export function bodyBytes(body) {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('body must be a string, Uint8Array, ArrayBuffer or undefined');
}

/** 64 random bits for the core (Digest cnonce, back-off jitter). */
export function randomU64() {
  return globalThis.crypto.getRandomValues(new BigUint64Array(1))[0];
}

/**
 * Sends one request the core produced (extra headers included by the core). Browsers refuse to
 * let scripts set User-Agent, so it is dropped there.
 */
export async function send(fetchFn, request, signal) {
  if (request.body && (request.method === 'GET' || request.method === 'HEAD')) {
    // The spec has one such operation (queryLineItemsFromSingleInvoice); fetch refuses it in
    // every runtime, so fail at once instead of letting the core retry a certain failure.
    throw new UnsendableError(
      `${request.method} with a body cannot be sent with fetch; use buildRequest() and an HTTP client that allows it`,
    );
  }
  const headers = request.headers;
  if (inBrowser) delete headers['user-agent'];
  const response = await fetchFn(request.url, {
    method: request.method,
    headers,
    body: request.body,
    signal,
  });
  return {
    status: response.status,
    headers: flatHeaders(response.headers),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** Why fetch failed, as specific as the runtime says (Node hides the errno in `cause`). */
export function transportMessage(error) {
  const cause = error?.cause;
  const detail = cause ? cause.code ?? cause.message : undefined;
  const base = error?.message ?? String(error);
  return detail && !base.includes(detail) ? `${base}: ${detail}` : base;
}

/** setTimeout as a promise that an AbortSignal can cut short. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
