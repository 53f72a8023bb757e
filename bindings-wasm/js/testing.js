// atlas-admin/testing: an in-process Atlas (the core's MockAtlas) as a `fetch` for AtlasClient.
// A separate WebAssembly module (the core with its examples table), loaded only by tests.
import init, { MockAtlas as CoreMock } from './wasm-testing/atlas_admin_wasm.js';
import { bodyBytes, flatHeaders, fromCore } from './transport.js';

const wasmUrl = new URL('./wasm-testing/atlas_admin_wasm_bg.wasm', import.meta.url);
if (wasmUrl.protocol === 'file:') {
  const { readFile } = await import('node:fs/promises');
  await init({ module_or_path: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

/**
 * Plays Atlas with no network: answers every operation from the spec's success examples unless
 * scripted; can demand Digest or OAuth, rate-limit, fail the transport and serve list items.
 * Pass `mock.fetch` as the client's `fetch`. Time is simulated: `mock.fetch` brings the mock's
 * clock (`mock.clock`), so a client given it reads that clock and waits on it (back-off and
 * polling cost nothing; `waits()` lists them).
 */
export class MockAtlas {
  #core = new CoreMock();

  /** The next call of `operation` (any of its names) gets this reply; several queue in order. */
  respond(operation, status, headers = {}, body = '') {
    const bytes = typeof body === 'string' || body instanceof Uint8Array ? bodyBytes(body) : bodyBytes(JSON.stringify(body));
    this.#core.respond(operation, status, flatHeaders(headers), bytes);
    return this;
  }
  /** Demands HTTP Digest with this API key pair. */
  requireDigest(publicKey, privateKey) {
    this.#core.requireDigest(publicKey, privateKey);
    return this;
  }
  /** Demands OAuth tokens from its token endpoint for this service account. */
  requireOAuth(clientId, clientSecret, lifetimeSeconds = 3600) {
    this.#core.requireOAuth(clientId, clientSecret, lifetimeSeconds);
    return this;
  }
  /** The next `calls` requests get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(calls, retryAfterSeconds) {
    this.#core.rateLimit(calls, retryAfterSeconds);
    return this;
  }
  /** Atlas's token bucket on an endpoint set: `capacity` calls, `refillRate` more every
   * `refillEverySeconds`; empty, it answers 429 RATE_LIMITED_TOKEN_BUCKET (with `headers`, also
   * the X-RateLimit headers). */
  tokenBucket(endpointSet, capacity, refillRate, refillEverySeconds, headers = false) {
    this.#core.tokenBucket(endpointSet, capacity, refillRate, refillEverySeconds, headers);
    return this;
  }
  /** The token endpoint mints at most `perMinute` tokens a minute, then answers 429. */
  limitTokenMinting(perMinute) {
    this.#core.limitTokenMinting(perMinute);
    return this;
  }
  /** Tokens the token endpoint has minted so far. */
  tokensMinted() {
    return this.#core.tokensMinted();
  }
  /** The next `sends` fail as if the connection dropped. */
  failTransport(sends) {
    this.#core.failTransport(sends);
    return this;
  }
  /** The list operation serves `count` fabricated items across its pages. */
  listItems(operation, count) {
    this.#core.listItems(operation, count);
    return this;
  }
  /** Every request received: `{method, target, operation, status, authScheme}`. */
  received() {
    return JSON.parse(this.#core.received());
  }
  /** The simulated clock, in milliseconds since the epoch (2024-01-01T00:00:00Z at first). */
  now() {
    return this.#core.now();
  }
  /** Every wait a client slept on this mock's clock, in seconds. */
  waits() {
    return Array.from(this.#core.waits());
  }
  /** Moves the simulated clock on by `seconds` (a wait no client slept). */
  advance(seconds) {
    this.#core.advance(seconds);
    return this;
  }
  /** The clock a client given `mock.fetch` uses: `now()` in ms, `sleep(ms)` moves it on at once. */
  clock = Object.freeze({
    now: () => this.#core.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      this.#core.sleep(ms / 1000);
    },
  });
  /** A `fetch` answering from this mock (it carries `clock`). */
  fetch = Object.assign(async (url, init = {}) => {
    let reply;
    try {
      reply = this.#core.handle(init.method ?? 'GET', String(url), flatHeaders(init.headers ?? {}), bodyBytes(init.body));
    } catch (message) {
      throw new TypeError(String(message));
    }
    const { lines, headers, body } = fromCore(reply, 1);
    const status = Number(lines[0]);
    const empty = status === 204 || status === 304 || body === undefined;
    return new Response(empty ? null : body, { status, headers: new Headers(headers) });
  }, { clock: this.clock });
}
