// Types of the atlas-admin npm package. The per-operation and per-schema types are generated
// (generated/api.d.ts); this file types the hand-written API around them.

import type { Groups, OperationId, Operations, WaitableOperationId, Waited } from './generated/api.js';

export type * from './generated/api.js';

/** Per-call overrides (the core's CallOptions); each left out keeps the client's setting. */
export interface CallOptions {
  /** An exact version the operation serves (`2023-01-01`, `preview`); wins over the client's pin. */
  version?: string;
  /** The response format where an operation offers several (e.g. `csv` invoices). */
  format?: 'json' | 'csv' | 'gzip' | 'yaml';
  /** The client's `strict` for this call. */
  strict?: boolean;
  /** Extra request headers, after the client's; they cannot replace the core's own (Authorization, Accept…). */
  headers?: Record<string, string>;
  /** The client's retry policy for this call. */
  retry?: RetryOptions;
  /** Seconds one HTTP exchange may take (enforced with AbortSignal.timeout). */
  timeout?: number;
  /** Retry POST/PATCH on 500/502/504 and network errors too (only for requests safe to repeat). */
  retryNonIdempotent?: boolean;
  /** Cancels the call, including any back-off wait. */
  signal?: AbortSignal;
  /** Resolve with `{data, metadata}` instead of the data alone. */
  withMetadata?: boolean;
}

/** How long and how often a wait polls (the core's WaitOptions), in seconds. */
export interface WaitOptions {
  /** The longest the wait may take, from the end of the call that started the work (default 3600). */
  timeout?: number;
  /** The first pause before polling (default 5); each next one is half as long again. */
  interval?: number;
  /** The longest pause between polls (default 60). */
  maxInterval?: number;
}

/**
 * Options of a call that then waits for the work it started, as the spec's watcher for the
 * operation says (a cluster until `IDLE`, a deleted one until 404): only operations with a
 * watcher (`WaitableOperationId`, `OperationInfo.watcher`) take them.
 */
export interface WaitCallOptions extends CallOptions {
  /** `true` for the core's defaults (an hour, polling after 5 s, at most every 60 s), or WaitOptions. */
  wait: true | WaitOptions;
}

/** What `client.wait` waits for, and how long and how often it polls. */
export type WaitUntilOptions = WaitOptions & {
  /** Cancels the wait, including a pause between polls. */
  signal?: AbortSignal;
  /** Resolve with `{data, metadata}` (the last poll's metadata) instead of the data alone. */
  withMetadata?: boolean;
} & (
    | {
        /** The member to watch, dotted for a nested one (`stateName`, `status.phase`). */
        path: string;
        /** The values that end the wait; it resolves with the reply that has one. */
        values: readonly string[];
        /** Values that mean the work failed: the wait rejects with WaitError. */
        failed?: readonly string[];
        gone?: false;
      }
    | {
        /** Wait until the GET answers 404 (the resource is gone); resolves with undefined. */
        gone: true;
        path?: never;
        values?: never;
        failed?: never;
      }
  );

/**
 * The time a client reads and waits on (the core has no clock of its own). Default: `Date.now`
 * and `setTimeout`; `atlas-admin/testing`'s MockAtlas brings a simulated one.
 */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with `signal.reason` when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Retries and back-off (the core's RetryPolicy); durations in seconds. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** Back-off before the first retry, doubled for each later one (default 0.5). */
  baseDelay?: number;
  /** Longest back-off (default 30). */
  maxDelay?: number;
  /** A longer Retry-After is not waited for: the error is thrown instead (default 300). */
  maxRetryAfter?: number;
  /** Retry POST/PATCH on 500/502/504 and network errors for every call. */
  retryNonIdempotent?: boolean;
}

/** What a finished call learnt about its last reply. */
export interface Metadata {
  readonly operation: string;
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The version the reply's content type names (`2024-08-05`, `preview`), if any. */
  readonly version: string | null;
  readonly attempts: number;
  readonly rateLimit: { readonly limit: number | null; readonly remaining: number | null } | null;
}

/**
 * One thing a call did (`message` is a one-line description, `level` the core's: requests and
 * replies `debug`, waits and tokens `info`, retries `warning`); never holds a secret.
 */
export type AtlasEvent = { readonly message: string; readonly level: 'debug' | 'info' | 'warning' } & (
  | { readonly event: 'requestSent'; readonly operation: string; readonly method: string; readonly url: string; readonly attempt: number }
  | { readonly event: 'replyReceived'; readonly operation: string; readonly status: number; readonly attempt: number }
  | { readonly event: 'waiting'; readonly operation: string; readonly seconds: number; readonly reason: string }
  | { readonly event: 'retrying'; readonly operation: string; readonly attempt: number; readonly reason: string }
  | { readonly event: 'tokenFetched'; readonly clientId: string; readonly expiresInSeconds: number }
);

/** Opaque credentials; the secret is never readable from the object. */
export interface Credentials {
  readonly kind: 'digest' | 'serviceAccount' | 'bearer' | 'none';
  readonly id: string;
}

/** Programmatic API key pair, answered with HTTP Digest. */
export function digest(publicKey: string, privateKey: string): Credentials;
/** Service account (OAuth 2 client credentials); tokens are fetched and refreshed for you. */
export function serviceAccount(clientId: string, clientSecret: string): Credentials;
/** An access token you already hold. */
export function bearer(token: string): Credentials;
/** No credentials, chosen explicitly (a server or an operation that needs none). */
export function anonymous(): Credentials;

/** The client's settings: the core's Config fields, plus auth, fetch and callbacks. */
/** Where AtlasClient keeps a service-account token between clients (`fileTokenCache` from
 * `atlas-admin/node`, or your own: localStorage, IndexedDB, a secret store). */
export interface TokenCache {
  load(key: string): string | null | undefined | Promise<string | null | undefined>;
  save(key: string, text: string): void | Promise<void>;
}

export interface ClientOptions {
  /** Left out: read from Node's environment (MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET or
   * MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY); none found, calls that need
   * credentials fail with AuthError before sending. `anonymous()` sends none. */
  auth?: Credentials;
  /** Default: MONGODB_ATLAS_OPS_MANAGER_URL in Node's environment, else `https://cloud.mongodb.com`. */
  baseUrl?: string;
  /** Node only; browsers send their own User-Agent. */
  userAgent?: string;
  /** A date (`2024-08-05`): each operation uses its newest stable version not after it. */
  versionPin?: string;
  /** The organization of calls that leave `orgId` out (default: MONGODB_ATLAS_ORG_ID in Node). */
  defaultOrgId?: string;
  /** The project of calls that leave `groupId` out (default: MONGODB_ATLAS_PROJECT_ID in Node). */
  defaultGroupId?: string;
  /** The same as `versionPin`. */
  version?: string;
  /** Also reject enum values and body fields the spec does not list. */
  strict?: boolean;
  retry?: RetryOptions;
  /** Seconds one HTTP exchange may take. */
  timeout?: number;
  /** Sent with every request; they cannot replace the core's own headers. */
  headers?: Record<string, string>;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * Called with each warning of each call (an operation Atlas no longer lists, a version past its
   * announced sunset) before the call is sent; throw to stop the call. Default: `console.warn`,
   * once per operation and kind.
   */
  onWarning?: (warning: AtlasWarning) => void;
  /** Called with each event of each call (requests, replies, waits, retries, tokens). */
  onEvent?: (event: AtlasEvent) => void;
  /** Default: the host's time, or the clock of a `fetch` that carries one (MockAtlas's). */
  clock?: Clock;
  /** Loaded before the first call, saved after a call that fetched a service-account token. */
  tokenCache?: TokenCache;
}

/** Something a call does that works today and may not tomorrow. The call still goes ahead. */
export type AtlasWarning =
  | {
      readonly kind: 'removed';
      /** The operation's canonical id. */
      readonly operation: string;
      readonly message: string;
      /** The date of the last API description that listed the operation. */
      readonly lastListed: string;
    }
  | {
      readonly kind: 'past_sunset';
      readonly operation: string;
      readonly message: string;
      /** The version called. */
      readonly version: string;
      /** The date Atlas announced it would stop serving that version. */
      readonly sunset: string;
      /** The newest version to move to, when it is another one. */
      readonly newest: string | null;
    };

/** The items of a list operation's `results`. */
export type ItemOf<K extends OperationId> = Operations[K]['response'] extends { results?: Array<infer T> }
  ? T
  : unknown;

export interface AtlasClient extends Groups {}

export class AtlasClient {
  constructor(options?: ClientOptions);
  /**
   * Calls one operation, then waits for the work it started as the spec's watcher says; resolves
   * with the polled GET's last reply (the final state), or undefined after a delete. A state that
   * means failure, or the deadline, rejects with WaitError; an operation without a watcher with
   * BuildError (`NoWatcher`), before any request.
   */
  call<K extends WaitableOperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    body: Operations[K]['body'] | undefined,
    options: WaitCallOptions & { withMetadata: true },
  ): Promise<{ data: Waited[K]; metadata: Metadata }>;
  call<K extends WaitableOperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    body: Operations[K]['body'] | undefined,
    options: WaitCallOptions,
  ): Promise<Waited[K]>;
  /** Calls one operation; resolves with its result in the version the client picks. */
  call<K extends OperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    body: Operations[K]['body'] | undefined,
    options: CallOptions & { withMetadata: true },
  ): Promise<{ data: Operations[K]['response']; metadata: Metadata }>;
  call<K extends OperationId>(
    operationId: K,
    params?: Operations[K]['params'],
    body?: Operations[K]['body'],
    options?: CallOptions,
  ): Promise<Operations[K]['response']>;
  /**
   * Polls a GET operation until the member at `path` is one of `values` (resolves with that
   * reply) or, with `gone: true`, until it answers 404 (resolves with undefined). A value of
   * `failed`, or the deadline, rejects with WaitError; an operation that is not a GET with
   * BuildError (`NotPollable`), before any request.
   */
  wait<K extends OperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    options: WaitUntilOptions & { gone: true; withMetadata: true },
  ): Promise<{ data: undefined; metadata: Metadata }>;
  wait<K extends OperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    options: WaitUntilOptions & { gone: true },
  ): Promise<undefined>;
  wait<K extends OperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    options: WaitUntilOptions & { withMetadata: true },
  ): Promise<{ data: Operations[K]['response']; metadata: Metadata }>;
  wait<K extends OperationId>(
    operationId: K,
    params: Operations[K]['params'] | undefined,
    options: WaitUntilOptions,
  ): Promise<Operations[K]['response']>;
  /** Every item of a list operation, following pages. */
  paginate<K extends OperationId>(
    operationId: K,
    params?: Operations[K]['params'],
    options?: CallOptions,
  ): AsyncGenerator<ItemOf<K>, void, undefined>;
  /** Sends a request you built (an endpoint the spec lacks) with the client's auth and retries. */
  request(
    request: { method: string; url: string; headers?: Record<string, string>; body?: string | Uint8Array },
    options?: CallOptions,
  ): Promise<unknown>;
  /** Revokes the service-account token the client holds, if any. */
  revokeToken(options?: CallOptions): Promise<void>;
  /** The held service-account token as JSON (it contains the token), or null. */
  exportToken(): string | null;
  /** Adopts an exported token if it is this client's service account and base URL, and fresh. */
  importToken(text: string): boolean;
  /** `atlas-token-<32 hex>`, the same in every language; null for other credentials. */
  readonly tokenCacheKey: string | null;
}

/** A request as built by the core, ready for any HTTP client. */
export interface BuiltRequest {
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** The core's Config fields and the per-request `version`, `format`, `retryNonIdempotent`. */
export interface BuildOptions {
  baseUrl?: string;
  /** Client-wide style date pin (`2024-08-05`). */
  versionPin?: string;
  /** An exact version for this request. */
  version?: string;
  format?: 'json' | 'csv' | 'gzip' | 'yaml';
  userAgent?: string;
  strict?: boolean;
  headers?: Record<string, string>;
  retry?: RetryOptions;
  timeout?: number;
  retryNonIdempotent?: boolean;
}

/** The core's option names with their defaults: what every binding takes. */
export function contractFields(): {
  config: Record<string, unknown>;
  callOptions: Record<string, unknown>;
  waitOptions: Record<string, unknown>;
};

export function buildRequest<K extends OperationId>(
  operationId: K,
  params?: Operations[K]['params'],
  body?: Operations[K]['body'],
  options?: BuildOptions,
): BuiltRequest;

/** The version a request would use: `options.version` if served, else the newest stable one (not after `versionPin`). */
export function chosenVersion(operationId: OperationId, options?: BuildOptions): string;

export function parseResponse<K extends OperationId>(
  operationId: K,
  status: number,
  headers?: Headers | Record<string, string> | Iterable<[string, string]>,
  body?: Uint8Array | ArrayBuffer | string,
): Operations[K]['response'];

/** A `curl` command for a built request, credentials and secret-looking fields redacted. */
export function toCurl(request: BuiltRequest): string;

export interface ParamInfo {
  name: string;
  /** Other names it may be given by (`projectId` for `groupId`); it is sent as `name`. */
  aliases: readonly string[];
  in: 'path' | 'query' | 'header';
  required: boolean;
  type: 'string' | 'integer' | 'number' | 'boolean';
  array: boolean;
  format: string | null;
  pattern: string | null;
  enum: readonly string[];
  minimum: number | null;
  maximum: number | null;
  default: string | null;
}

export interface VersionInfo {
  name: string;
  stable: boolean;
  sunset: string | null;
  requestContentType: string | null;
  responses: ReadonlyArray<{ status: number; contentType: string; format: 'json' | 'csv' | 'gzip' | 'yaml' }>;
  successStatuses: ReadonlyArray<number>;
}

export interface OperationInfo {
  /** The canonical id: the current operationId, or the last one of a removed operation. */
  operationId: OperationId;
  /** The short name MongoDB's Go SDK and Atlas CLI use (`listClusters`), where there is one. */
  shortName: string | null;
  /** Ids the operation had in earlier API descriptions (`createProject` for `createGroup`). */
  formerIds: readonly string[];
  /** Every name it answers to, snake_case forms included, sorted. */
  names: readonly string[];
  /** For an operation Atlas no longer lists: the date of the last description that did. */
  removed: string | null;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tag: string;
  summary: string;
  docsUrl: string;
  deprecated: boolean;
  paged: boolean;
  hasBody: boolean;
  bodyRequired: boolean;
  params: readonly ParamInfo[];
  versions: readonly VersionInfo[];
  /** How `call(…, {wait})` waits for the work this operation starts (the spec's watcher), or null. */
  watcher: WatcherInfo | null;
}

/** The GET a wait polls, the version it polls in, and what ends the wait. */
export interface WatcherInfo {
  operation: OperationId;
  version: string;
  until:
    | { state: { path: string; done: readonly string[]; failed: readonly string[] } }
    | { status: number };
}

/** Every operation, once each, sorted by operationId: the current API's, then those Atlas removed. */
export function operations(): readonly OperationInfo[];

/** The core's error classes by name. */
export type ErrorClassName =
  | 'AtlasError' | 'BuildError' | 'ApiError' | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound'
  | 'Conflict' | 'VersionGone' | 'RateLimited' | 'ServerError' | 'AuthError' | 'DecodeError' | 'TransportError'
  | 'WaitError';

/** Every error this package throws on purpose; the fields are the core's error report. */
/** What a 429 RATE_LIMITED_TOKEN_BUCKET body says about the bucket. */
export interface TokenBucket {
  readonly path: string;
  readonly retryAfterSeconds: number;
  readonly capacity: number;
  readonly refillRate: number;
  readonly refillDurationSeconds: number;
}

export class AtlasError extends Error {
  /** The operation's canonical id, when there was one. */
  readonly operation?: string;
  readonly method?: string;
  /** The request's URL (never a header, so never a credential). */
  readonly url?: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly detail?: string;
  /** Atlas's `parameters` list. */
  readonly parameters: unknown[];
  /** For a build error: the parameter, body field or setting at fault. */
  readonly parameter?: string;
  /** Seconds to wait (Retry-After). */
  readonly retryAfter?: number;
  /** A 429 RATE_LIMITED_TOKEN_BUCKET's figures, else null. */
  readonly rateLimit: TokenBucket | null;
  /** Attempts made, the first included. */
  readonly attempts?: number;
  /** Atlas's whole JSON error body. */
  readonly body?: Record<string, unknown>;
}

/** Refused before any I/O. */
export class BuildError extends AtlasError {
  /** The rule: MissingParameter, InvalidParameter, AmbiguousOperation, InvalidConfig… */
  readonly code: string;
  /** For `AmbiguousOperation`: the operation ids the name could mean. */
  readonly candidates?: readonly string[];
}

/** Atlas answered with an error status. */
export class ApiError extends AtlasError {
  readonly status: number;
  readonly reason?: string;
  readonly badRequestDetail?: { fields?: Array<{ description?: string; field?: string }> } & Record<string, unknown>;
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

/** Every error class by its name. */
export const ERROR_CLASSES: Readonly<Record<ErrorClassName, typeof AtlasError>>;
