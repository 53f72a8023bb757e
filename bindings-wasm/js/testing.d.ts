import type { Clock } from './index.js';

/** An in-process Atlas (the core's MockAtlas); pass `mock.fetch` as AtlasClient's `fetch`. */
export class MockAtlas {
  respond(operation: string, status: number, headers?: Record<string, string>, body?: string | Uint8Array | object): this;
  requireDigest(publicKey: string, privateKey: string): this;
  requireOAuth(clientId: string, clientSecret: string, lifetimeSeconds?: number): this;
  rateLimit(calls: number, retryAfterSeconds: number): this;
  /** Atlas's token bucket on an endpoint set (429 RATE_LIMITED_TOKEN_BUCKET when empty). */
  tokenBucket(endpointSet: string, capacity: number, refillRate: number, refillEverySeconds: number, headers?: boolean): this;
  /** The token endpoint mints at most `perMinute` tokens a minute, then answers 429. */
  limitTokenMinting(perMinute: number): this;
  /** Tokens the token endpoint has minted so far. */
  tokensMinted(): number;
  failTransport(sends: number): this;
  listItems(operation: string, count: number): this;
  received(): Array<{ method: string; target: string; operation: string | null; status: number; authScheme: string | null }>;
  /** The simulated clock, in milliseconds since the epoch (2024-01-01T00:00:00Z at first). */
  now(): number;
  /** Every wait a client slept on the simulated clock, in seconds. */
  waits(): number[];
  /** Moves the simulated clock on (a wait no client slept). */
  advance(seconds: number): this;
  /** The simulated clock, as AtlasClient's `clock` option takes it. */
  readonly clock: Clock;
  /** Answers from the mock; a client given it uses the mock's `clock`. */
  readonly fetch: typeof fetch & { readonly clock: Clock };
}
