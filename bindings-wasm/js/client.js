// AtlasClient: the host loop around the core's Call state machine. The core decides what to
// send, when to wait and when it is done (auth round trips, retries, paging); this file only
// performs those actions with fetch and setTimeout.

import { credentialsJson, environmentJson } from './auth.js';
import { core } from './core.js';
import { fromCore, withErrors } from './errors.js';
import { GROUPS } from './generated/groups.js';
import { configJson, decodeParsed, json } from './sansio.js';
import {
  bodyBytes,
  flatHeaders,
  randomU64,
  requestFromCore,
  send,
  sleep,
  transportMessage,
  UnsendableError,
} from './transport.js';

export class AtlasClient {
  #session;
  #fetch;
  #onWarning;
  #onEvent;
  #clock;
  #tokenCache;
  #cacheLoaded;
  #tokenFetched = false;

  /**
   * @param {object} [options] the core's Config fields (`baseUrl`, `userAgent`, `versionPin`, `strict`,
   *   `retry` {maxAttempts, baseDelay, maxDelay, maxRetryAfter, retryNonIdempotent} in seconds,
   *   `timeout` seconds per exchange, `headers`) plus:
   * @param {object} [options.auth] digest(…), serviceAccount(…), bearer(…) or anonymous(); left out, the
   *   client reads MONGODB_ATLAS_CLIENT_ID/…_SECRET or MONGODB_ATLAS_PUBLIC_API_KEY/…_PRIVATE_API_KEY
   *   from Node's environment, and finding none refuses calls that need credentials (AuthError).
   *   `baseUrl`, `defaultOrgId` and `defaultGroupId` left out are read from
   *   MONGODB_ATLAS_OPS_MANAGER_URL, MONGODB_ATLAS_ORG_ID and MONGODB_ATLAS_PROJECT_ID the same way.
   * @param {string} [options.version] the same as `versionPin`.
   * @param {typeof fetch} [options.fetch] default globalThis.fetch
   * @param {(warning: object) => void} [options.onWarning] called with each warning of each call
   *   before it is sent; throw to stop the call. Default: console.warn, once per operation and kind.
   * @param {(event: object) => void} [options.onEvent] called with each event of each call
   *   (requestSent, replyReceived, waiting, retrying, tokenFetched); never holds a secret.
   * @param {{now(): number, sleep(ms: number, signal?: AbortSignal): Promise<void>}} [options.clock]
   *   the time the client reads and waits on: default `Date.now` and `setTimeout`, or the clock
   *   of a `fetch` that brings one (MockAtlas's simulated time).
   * @param {{load(key: string): string|null|Promise<string|null>, save(key: string, text: string): void|Promise<void>}} [options.tokenCache]
   *   where a service-account token is kept between clients and processes: loaded (and adopted
   *   if the core accepts it) before the first call, saved after a call that fetched a token.
   *   `fileTokenCache(dir)` from `atlas-admin/node` is one for Node; a failing cache is ignored.
   */
  constructor({ auth, fetch, onWarning, onEvent, clock, version, tokenCache, ...config } = {}) {
    const fetchFn = fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') throw new TypeError('no fetch: pass options.fetch');
    for (const [name, fn] of [['onWarning', onWarning], ['onEvent', onEvent]]) {
      if (fn !== undefined && typeof fn !== 'function') throw new TypeError(`options.${name} must be a function`);
    }
    this.#clock = clock ?? fetch?.clock ?? REAL_TIME;
    if (typeof this.#clock.now !== 'function' || typeof this.#clock.sleep !== 'function') {
      throw new TypeError('options.clock must have now() and sleep(ms, signal)');
    }
    if (tokenCache != null && (typeof tokenCache.load !== 'function' || typeof tokenCache.save !== 'function')) {
      throw new TypeError('options.tokenCache must have load(key) and save(key, text)');
    }
    this.#tokenCache = tokenCache ?? undefined;
    this.#onWarning = onWarning ?? warnOnceToConsole();
    this.#onEvent = onEvent;
    // Bind so that a browser's fetch is not called with the client as `this` (Illegal invocation).
    this.#fetch = fetch ? fetch : fetchFn.bind(globalThis);
    if (version !== undefined) config.versionPin ??= version;
    const credentials = credentialsJson(auth);
    this.#session = withErrors(() => new core.Client(configJson(config), credentials, environmentJson()));
    for (const [group, methods] of Object.entries(GROUPS)) {
      Object.defineProperty(this, group, {
        value: typedGroup(this, methods),
        enumerable: true,
      });
    }
  }

  /**
   * Calls one operation and resolves with its result (JSON value, text, bytes or undefined);
   * with `{withMetadata: true}`, with `{data, metadata}`.
   * @param {object} [options] the core's CallOptions (version, format, strict, headers, retry,
   *   timeout, retryNonIdempotent) plus `signal` and `withMetadata`.
   */
  async call(operationId, params = {}, body = undefined, options = {}) {
    if (options?.wait != null) return this.#callAndWait(operationId, params, body, options);
    return this.#start(options, (core) => this.#session.call(operationId, JSON.stringify(params ?? {}), json(body), core, false, undefined));
  }

  /**
   * `call(…, {wait})`: the call, then the wait the spec's watcher describes (`wait: true` for the
   * core's defaults, or its WaitOptions). Resolves with the polled GET's last reply, or undefined
   * once it answered 404 (a delete).
   */
  async #callAndWait(operationId, params, body, { wait, ...options }) {
    if (wait === false) return this.call(operationId, params, body, options);
    const waitJson = JSON.stringify(wait === true ? {} : wait);
    return this.#start(options, (core) =>
      this.#session.call(operationId, JSON.stringify(params ?? {}), json(body), core, false, waitJson),
    );
  }

  /**
   * Polls a GET operation until the member at `path` (dotted: `stateName`, `status.phase`) is one
   * of `values` and resolves with that reply, or with `gone: true` until it answers 404
   * (undefined). A value of `failed`, or running past `timeout` seconds, rejects with WaitError.
   * For what the spec describes, `call(…, {wait: true})` needs none of this.
   * @param {object} [options] `path`, `values`, `failed` or `gone`; the core's WaitOptions
   *   (`timeout`, `interval`, `maxInterval`, seconds); `signal` and `withMetadata`.
   */
  async wait(operationId, params = {}, options = {}) {
    const { path, values, failed, gone, signal, withMetadata, ...wait } = options ?? {};
    if (gone && (path !== undefined || values !== undefined || failed !== undefined)) {
      throw new TypeError('wait: `gone` waits for a 404 and takes no `path`, `values` or `failed`');
    }
    // A missing path or values is left for the core to refuse (BuildError naming the goal).
    const goal = gone ? { status: 404 } : { state: { path: path ?? '', done: values ?? [], failed: failed ?? [] } };
    return this.#start({ signal, withMetadata }, () =>
      this.#session.waitUntil(operationId, JSON.stringify(params ?? {}), JSON.stringify(goal), JSON.stringify(wait)),
    );
  }

  /**
   * The held service-account token as saved-token JSON, or null (no token yet, or other
   * credentials). It contains the token: keep it only where the secret could be kept.
   */
  exportToken() {
    return this.#session.exportToken() ?? null;
  }

  /**
   * Adopts a token `exportToken` gave; true if the core took it (same service account and base
   * URL, not about to expire by the client's clock). Text that is no saved token: BuildError.
   */
  importToken(text) {
    return withErrors(() => this.#session.importToken(String(text), this.#clock.now()));
  }

  /** The name a token cache keeps this client's token under (`atlas-token-<32 hex>`, the same
   * in every language), or null for credentials other than a service account. */
  get tokenCacheKey() {
    return this.#session.tokenCacheKey() ?? null;
  }

  /** Once per client, before its first call: adopts the cached token, if any fits. */
  #loadCache() {
    if (!this.#tokenCache) return undefined;
    this.#cacheLoaded ??= (async () => {
      const key = this.tokenCacheKey;
      if (key === null) return;
      try {
        const text = await this.#tokenCache.load(key);
        if (typeof text === 'string' && text !== '') this.importToken(text);
      } catch {
        // An unreadable or foreign cache entry: the client fetches its own token.
      }
    })();
    return this.#cacheLoaded;
  }

  /** After a step in which the core fetched a token: hands it to the cache. */
  async #saveCache() {
    if (!this.#tokenFetched) return;
    this.#tokenFetched = false;
    const key = this.tokenCacheKey;
    const text = this.exportToken();
    if (!this.#tokenCache || key === null || text === null) return;
    try {
      await this.#tokenCache.save(key, text);
    } catch {
      // The call stands without the cache; the next client fetches a token of its own.
    }
  }

  /** Starts a call with the core's options, drives it and frees its handle whatever happens. */
  async #start(options, open) {
    const { signal, withMetadata, ...rest } = options ?? {};
    await this.#loadCache();
    const handle = withErrors(() => open(JSON.stringify(rest)));
    try {
      this.#reportWarnings(handle);
      for (;;) {
        const step = await this.#step(handle, signal);
        if (step.done) {
          const data = decodeParsed(step.done);
          return withMetadata ? { data, metadata: metadataOf(handle) } : data;
        }
      }
    } finally {
      handle.free();
    }
  }

  /** Every item of a list operation, fetching pages as the loop asks for them. */
  async *paginate(operationId, params = {}, options = {}) {
    const { signal, withMetadata, ...rest } = options ?? {};
    await this.#loadCache();
    const handle = withErrors(() =>
      this.#session.call(operationId, JSON.stringify(params ?? {}), undefined, JSON.stringify(rest), true, undefined),
    );
    try {
      this.#reportWarnings(handle);
      for (;;) {
        const step = await this.#step(handle, signal);
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
    return this.#start({ signal: options.signal, withMetadata: options.withMetadata }, () =>
      this.#session.raw(method, url, flatHeaders(headers), bodyBytes(body)),
    );
  }

  /** Revokes the service-account token the client holds, if any. */
  async revokeToken(options = {}) {
    await this.#start({ signal: options.signal }, () => this.#session.revokeToken());
  }

  /** Hands the core's warnings for this call (by the host's clock) to onWarning, before any I/O. */
  #reportWarnings(handle) {
    for (const warning of JSON.parse(handle.warnings(Date.now()))) {
      this.#onWarning(Object.freeze(warning));
    }
  }

  /** Hands the events the core recorded since the last step to onEvent. */
  #reportEvents(handle) {
    for (const event of JSON.parse(handle.takeEvents())) {
      if (event.event === 'tokenFetched') this.#tokenFetched = true;
      this.#onEvent?.(Object.freeze(event));
    }
  }

  /** Performs one action of the core: send or wait. Returns the step for items/done. */
  async #step(handle, signal) {
    let step;
    try {
      step = handle.next(this.#clock.now(), randomU64());
    } catch (e) {
      throw fromCore(e);
    } finally {
      this.#reportEvents(handle);
      if (this.#tokenFetched && this.#tokenCache) await this.#saveCache();
    }
    if (step.send) {
      const timeout = handle.timeout();
      const timer = timeout === undefined ? undefined : AbortSignal.timeout(timeout * 1000);
      const signals = [signal, timer].filter(Boolean);
      let reply;
      try {
        reply = await send(this.#fetch, requestFromCore(step.send), signals.length > 1 ? AbortSignal.any(signals) : signals[0]);
      } catch (e) {
        // An abort is the caller's decision, not a network failure to retry.
        if (signal?.aborted) throw signal.reason;
        if (e instanceof UnsendableError) throw e;
        handle.feedTransportError(timer?.aborted ? `no reply within ${timeout} s` : transportMessage(e));
        return step;
      }
      handle.feedResponse(reply.status, reply.headers, reply.body);
    } else if (step.wait !== undefined) {
      await this.#clock.sleep(step.wait, signal);
    }
    return step;
  }
}

/** The host's own time: the core has no clock and never sleeps. */
const REAL_TIME = Object.freeze({ now: Date.now, sleep });

/** The core's metadata of a finished call: headers as an object of lower-case names. */
function metadataOf(handle) {
  const text = handle.metadata();
  if (text === undefined) return undefined;
  const m = JSON.parse(text);
  m.headers = Object.fromEntries(m.headers);
  return Object.freeze(m);
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
