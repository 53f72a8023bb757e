// AtlasClient: the host loop around the core's Call state machine. The core decides what to
// send, when to wait and when it is done (auth round trips, retries, paging); this file only
// performs those actions with fetch and setTimeout.

import { credentialParts } from './auth.js';
import { core } from './core.js';
import { fromCore, withErrors } from './errors.js';
import { GROUPS } from './generated/groups.js';
import { callOptionsJson, configJson, decodeParsed, json } from './sansio.js';
import {
  bodyBytes,
  flatHeaders,
  randomU64,
  send,
  sleep,
  transportMessage,
  UnsendableError,
} from './transport.js';

export class AtlasClient {
  #session;
  #fetch;
  #headers;
  #onWarning;

  /**
   * @param {object} [options]
   * @param {object} [options.auth] digest(…), serviceAccount(…) or bearer(…); none sends no Authorization.
   * @param {string} [options.baseUrl] default https://cloud.mongodb.com
   * @param {string} [options.version] a date (2024-08-05): each operation uses its newest version not after it.
   * @param {typeof fetch} [options.fetch] default globalThis.fetch
   * @param {Record<string,string>} [options.headers] sent with every request, under the core's own headers.
   * @param {object} [options.retry] {maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, retryNonIdempotent}
   * @param {string} [options.userAgent] Node only; browsers send their own.
   * @param {boolean} [options.strict] also reject enum values and body fields the spec does not list.
   * @param {(warning: object) => void} [options.onWarning] called with each warning of each call
   *   (an operation Atlas no longer lists, a version past its sunset) before it is sent; throw
   *   to stop the call. Default: console.warn, once per operation and kind.
   */
  constructor({ auth, baseUrl, version, fetch, headers, retry, userAgent, strict, onWarning } = {}) {
    const fetchFn = fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') throw new TypeError('no fetch: pass options.fetch');
    if (onWarning !== undefined && typeof onWarning !== 'function') {
      throw new TypeError('options.onWarning must be a function');
    }
    this.#onWarning = onWarning ?? warnOnceToConsole();
    // Bind so that a browser's fetch is not called with the client as `this` (Illegal invocation).
    this.#fetch = fetch ? fetch : fetchFn.bind(globalThis);
    this.#headers = { ...headers };
    const [kind, id, secret] = credentialParts(auth);
    this.#session = withErrors(
      () =>
        new core.Client(
          configJson({ baseUrl, versionPin: version, userAgent, strict, retry }),
          kind,
          id,
          secret,
        ),
    );
    for (const [group, methods] of Object.entries(GROUPS)) {
      Object.defineProperty(this, group, {
        value: typedGroup(this, methods),
        enumerable: true,
      });
    }
  }

  /**
   * Calls one operation and resolves with its result (JSON value, text, bytes or undefined).
   * @param {object} [options] {version, format, retryNonIdempotent, headers, signal}
   */
  async call(operationId, params = {}, body = undefined, options = {}) {
    const handle = withErrors(() =>
      this.#session.call(operationId, JSON.stringify(params ?? {}), json(body), callOptionsJson(options)),
    );
    return this.#finish(handle, options);
  }

  /** Drives a call to its result, then frees the core's handle whatever happens. */
  async #finish(handle, options) {
    try {
      this.#reportWarnings(handle);
      for (;;) {
        const step = await this.#step(handle, options);
        if (step.done) return decodeParsed(step.done);
      }
    } finally {
      handle.free();
    }
  }

  /** Every item of a list operation, fetching pages as the loop asks for them. */
  async *paginate(operationId, params = {}, options = {}) {
    const handle = withErrors(() =>
      this.#session.pages(operationId, JSON.stringify(params ?? {}), callOptionsJson(options)),
    );
    try {
      this.#reportWarnings(handle);
      for (;;) {
        const step = await this.#step(handle, options);
        if (step.items !== undefined) yield* JSON.parse(step.items);
        else if (step.done) return;
      }
    } finally {
      handle.free();
    }
  }

  /**
   * Sends a request you built (an endpoint this spec lacks) with the client's authentication and
   * retries. Resolves with JSON, text or bytes by the reply's content type.
   * @param {{method: string, url: string, headers?: Record<string,string>, body?: string|Uint8Array}} request
   */
  async request({ method, url, headers = {}, body }, options = {}) {
    const handle = withErrors(() =>
      this.#session.raw(method, url, flatHeaders(headers), bodyBytes(body)),
    );
    return this.#finish(handle, options);
  }

  /** Revokes the service-account token the client holds, if any. */
  async revokeToken(options = {}) {
    const handle = this.#session.revokeToken();
    try {
      for (;;) {
        const step = await this.#step(handle, options);
        if (step.done) return;
      }
    } finally {
      handle.free();
    }
  }

  /** Hands the core's warnings for this call (by the host's clock) to onWarning, before any I/O. */
  #reportWarnings(handle) {
    for (const warning of JSON.parse(handle.warnings(Date.now()))) {
      this.#onWarning(Object.freeze(warning));
    }
  }

  /** Performs one action of the core: send or wait. Returns the step for items/done. */
  async #step(handle, { headers, signal } = {}) {
    let step;
    try {
      step = handle.next(Date.now(), randomU64());
    } catch (e) {
      throw fromCore(e);
    }
    if (step.send) {
      let reply;
      try {
        reply = await send(this.#fetch, step.send, { ...this.#headers, ...headers }, signal);
      } catch (e) {
        // An abort is the caller's decision, not a network failure to retry.
        if (signal?.aborted) throw signal.reason;
        if (e instanceof UnsendableError) throw e;
        handle.feedTransportError(transportMessage(e));
        return step;
      }
      handle.feedResponse(reply.status, reply.headers, reply.body);
    } else if (step.wait !== undefined) {
      await sleep(step.wait, signal);
    }
    return step;
  }
}

/**
 * `client.clusters.listClusters(params, options)` / `createCluster(params, body, options)`. A
 * method calls its operation by its canonical id, so a deprecated alias reaches the same one.
 */
function typedGroup(client, methods) {
  const group = {};
  for (const [method, [operationId, takesBody]] of Object.entries(methods)) {
    group[method] = takesBody
      ? (params, body, options) => client.call(operationId, params, body, options)
      : (params, options) => client.call(operationId, params, undefined, options);
  }
  return Object.freeze(group);
}

/** The default onWarning: each (operation, kind) once per client, on the console. */
function warnOnceToConsole() {
  const seen = new Set();
  return (warning) => {
    const key = `${warning.operation} ${warning.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    console.warn(`atlas-admin: ${warning.message}`);
  };
}
