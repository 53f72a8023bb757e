// Types of the atlas-admin npm package. The per-operation and per-schema types are generated
// (generated/api.d.ts); this file types the hand-written API around them.

import type { Groups, OperationId, Operations } from './generated/api.js';

export type * from './generated/api.js';

/** Per-call overrides. */
export interface CallOptions {
  /** An exact version the operation serves (`2023-01-01`, `preview`); wins over the client's pin. */
  version?: string;
  /** The response format where an operation offers several (e.g. `csv` invoices). */
  format?: 'json' | 'csv' | 'gzip' | 'yaml';
  /** Retry POST/PATCH on 500/502/504 and network errors too (only for requests safe to repeat). */
  retryNonIdempotent?: boolean;
  /** Extra request headers; they cannot replace Authorization, Accept or Content-Type. */
  headers?: Record<string, string>;
  /** Cancels the call, including any back-off wait. */
  signal?: AbortSignal;
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** Back-off before the first retry, doubled for each later one (default 500 ms). */
  baseDelayMs?: number;
  /** Longest back-off (default 30 s). */
  maxDelayMs?: number;
  /** A longer Retry-After is not waited for: the ApiError is thrown instead (default 300 s). */
  maxRetryAfterMs?: number;
  /** Retry POST/PATCH on 500/502/504 and network errors for every call. */
  retryNonIdempotent?: boolean;
}

/** Opaque credentials; the secret is never readable from the object. */
export interface Credentials {
  readonly kind: 'digest' | 'serviceAccount' | 'bearer';
  readonly id: string;
}

/** Programmatic API key pair, answered with HTTP Digest. */
export function digest(publicKey: string, privateKey: string): Credentials;
/** Service account (OAuth 2 client credentials); tokens are fetched and refreshed for you. */
export function serviceAccount(clientId: string, clientSecret: string): Credentials;
/** An access token you already hold. */
export function bearer(token: string): Credentials;

export interface ClientOptions {
  auth?: Credentials;
  /** Default `https://cloud.mongodb.com`. */
  baseUrl?: string;
  /** A date (`2024-08-05`): each operation uses its newest stable version not after it. */
  version?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Sent with every request, under the client's own headers. */
  headers?: Record<string, string>;
  retry?: RetryOptions;
  /** Node only; browsers send their own User-Agent. */
  userAgent?: string;
  /** Also reject enum values and body fields the spec does not list. */
  strict?: boolean;
  /**
   * Called with each warning of each call (an operation Atlas no longer lists, a version past its
   * announced sunset) before the call is sent; throw to stop the call. Default: `console.warn`,
   * once per operation and kind.
   */
  onWarning?: (warning: AtlasWarning) => void;
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
  /** Calls one operation; resolves with its result in the version the client picks. */
  call<K extends OperationId>(
    operationId: K,
    params?: Operations[K]['params'],
    body?: Operations[K]['body'],
    options?: CallOptions,
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
}

/** A request as built by the core, ready for any HTTP client. */
export interface BuiltRequest {
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface BuildOptions {
  baseUrl?: string;
  /** Client-wide style date pin (`2024-08-05`). */
  versionPin?: string;
  /** An exact version for this request. */
  version?: string;
  format?: 'json' | 'csv' | 'gzip' | 'yaml';
  userAgent?: string;
  strict?: boolean;
}

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
}

/** Every operation, once each, sorted by operationId: the current API's, then those Atlas removed. */
export function operations(): readonly OperationInfo[];

export class AtlasError extends Error {}

export class BuildError extends AtlasError {
  readonly code: string;
  readonly operation?: string;
  readonly parameter?: string;
  /** For `AmbiguousOperation`: the operation ids the name could mean. */
  readonly candidates?: readonly string[];
}

export class ApiError extends AtlasError {
  readonly status: number;
  readonly errorCode?: string;
  readonly detail?: string;
  readonly reason?: string;
  readonly parameters: unknown[];
  readonly badRequestDetail?: { fields?: Array<{ description?: string; field?: string }> } & Record<string, unknown>;
  /** Seconds to wait, from Retry-After. */
  readonly retryAfter?: number;
  readonly body?: Record<string, unknown>;
  /** Attempts made when the core retried and gave up. */
  readonly attempts?: number;
}

/** Atlas no longer serves the version called (410 VERSION_GONE). */
export class VersionGoneError extends ApiError {
  /** The operation's canonical id. */
  readonly operation: string;
  /** The version sent. */
  readonly version: string;
  /** The version to move to, when there is another one. */
  readonly newest?: string;
}

export class DecodeError extends AtlasError {
  readonly status: number;
  readonly contentType: string;
  readonly problem: string;
  readonly snippet: string;
}

export class TransportError extends AtlasError {
  readonly attempts: number;
}

export class AuthError extends AtlasError {
  readonly status?: number;
  readonly cause?: ApiError;
}
