/** An in-process Atlas (the core's MockAtlas); pass `mock.fetch` as AtlasClient's `fetch`. */
export class MockAtlas {
  respond(operation: string, status: number, headers?: Record<string, string>, body?: string | Uint8Array | object): this;
  requireDigest(publicKey: string, privateKey: string): this;
  requireOAuth(clientId: string, clientSecret: string, lifetimeSeconds?: number): this;
  rateLimit(calls: number, retryAfterSeconds: number): this;
  failTransport(sends: number): this;
  listItems(operation: string, count: number): this;
  received(): Array<{ method: string; target: string; operation: string | null; status: number; authScheme: string | null }>;
  readonly fetch: typeof fetch;
}
