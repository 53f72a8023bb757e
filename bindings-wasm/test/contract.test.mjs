// The binding contract: the shared table of error cases (tests/contract/error-cases.json) through a
// scripted fetch, the core's option names against the client's (Config, CallOptions, WaitOptions),
// call metadata and events.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as pkg from '../js/index.js';

const { AtlasClient, AtlasError, ApiError, anonymous, contractFields, digest, serviceAccount } = pkg;
const table = JSON.parse(readFileSync(new URL('../../tests/contract/error-cases.json', import.meta.url), 'utf8'));
const groupId = '32b6e34b3d91647abb20e7b8';

/** A fetch answering from `replies` in order; `{transportError}` throws as fetch does. */
function scripted(replies) {
  const queue = [...replies];
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, ...init });
    const reply = queue.shift();
    assert.ok(reply, `unexpected request ${init.method} ${url}`);
    if (reply.transportError !== undefined) throw new TypeError(reply.transportError);
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(reply.status === 204 ? null : body, { status: reply.status, headers: reply.headers });
  };
  return { fetch, seen, queue };
}

function credentials(c) {
  if (c.kind === 'none') return anonymous();
  if (c.kind === 'apiKey') return digest(c.publicKey, c.privateKey);
  throw new Error(`unknown credentials kind ${c.kind}`);
}

/** Class names from the error's class up to AtlasError, most specific first. */
function lineage(e) {
  const names = [];
  for (let p = Object.getPrototypeOf(e); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    names.push(p.constructor.name);
  }
  return names;
}

test('every case of the shared error table: class, instanceof chain, message and fields', async () => {
  assert.ok(table.cases.length >= 8);
  for (const c of table.cases) {
    const { fetch, queue } = scripted(c.replies);
    const events = [];
    const client = new AtlasClient({ ...table.config, auth: credentials(c.credentials), fetch, onEvent: (e) => events.push(e) });
    const error = await client.call(c.operation, c.params, c.body).then(
      (v) => assert.fail(`${c.name}: resolved with ${JSON.stringify(v)}`),
      (e) => e,
    );
    const { expect } = c;
    assert.ok(error instanceof AtlasError, `${c.name}: ${error}`);
    assert.ok(error instanceof pkg[expect.class], `${c.name}: not a ${expect.class}: ${error.name}`);
    for (const name of expect.lineage) assert.ok(error instanceof pkg[name], `${c.name}: not a ${name}`);
    assert.deepEqual(lineage(error), expect.lineage, c.name);
    assert.equal(error.name, expect.class, c.name);
    assert.equal(error.message, expect.message, c.name);
    for (const [field, want] of Object.entries(expect)) {
      if (field === 'class' || field === 'lineage' || field === 'message') continue;
      assert.deepEqual(error[field] ?? null, want, `${c.name}: field ${field}`);
    }
    assert.equal(queue.length, 0, `${c.name}: replies left unused`);
    const secret = c.credentials.privateKey;
    if (secret) {
      assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(secret), c.name);
      assert.ok(!JSON.stringify(events).includes(secret), c.name);
    }
  }
});

test('every error class is exported, with the core\'s hierarchy', () => {
  const api = ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'VersionGone', 'RateLimited', 'ServerError'];
  for (const name of api) assert.equal(Object.getPrototypeOf(pkg[name]), ApiError, name);
  for (const name of ['BuildError', 'ApiError', 'AuthError', 'DecodeError', 'TransportError', 'WaitError']) {
    assert.equal(Object.getPrototypeOf(pkg[name]), AtlasError, name);
  }
  assert.deepEqual(Object.keys(pkg.ERROR_CLASSES).sort(), ['AtlasError', 'BuildError', 'ApiError', 'AuthError', 'DecodeError', 'TransportError', 'WaitError', ...api].sort());
});

test('every error carries every field of the core\'s ErrorReport (rateLimit included)', () => {
  const { errorReport } = contractFields();
  const fields = Object.keys(errorReport).filter((f) => !['class', 'lineage', 'message'].includes(f));
  assert.ok(fields.includes('rateLimit') && fields.includes('retryAfter'), String(fields));
  for (const cls of Object.values(pkg.ERROR_CLASSES)) {
    const error = new cls({ message: 'x', class: cls.name });
    for (const field of fields) assert.ok(field in error, `${cls.name}.${field}`);
    assert.equal(error.rateLimit, null, cls.name);
  }
  const bucket = { path: 'api/atlas/v2/groups', retryAfterSeconds: 45, capacity: 1, refillRate: 1, refillDurationSeconds: 45 };
  assert.deepEqual(new pkg.RateLimited({ ...errorReport, rateLimit: bucket }).rateLimit, bucket);
});

test('the client takes every option of the core\'s Config, per call every CallOptions field, and nothing unknown', async () => {
  const { config, callOptions } = contractFields();
  assert.deepEqual(Object.keys(config).sort(), ['baseUrl', 'defaultGroupId', 'defaultOrgId', 'headers', 'retry', 'strict', 'timeout', 'userAgent', 'versionPin']);
  assert.deepEqual(Object.keys(callOptions).sort(), ['format', 'headers', 'retry', 'retryNonIdempotent', 'strict', 'timeout', 'version']);
  assert.deepEqual(Object.keys(config.retry).sort(), ['baseDelay', 'maxAttempts', 'maxDelay', 'maxRetryAfter', 'retryNonIdempotent']);
  const reply = { status: 200, headers: { 'content-type': 'application/vnd.atlas.2023-01-01+json' }, body: { id: 'x' } };
  const { fetch, seen } = scripted([reply, reply]);
  // Every Config field, each a value other than its default.
  const values = {
    baseUrl: 'http://127.0.0.1:9', userAgent: 'ua/1', versionPin: '2024-01-01', strict: true, timeout: 5,
    defaultOrgId: '5f1a2b3c4d5e6f7a8b9c0d1e', defaultGroupId: groupId,
    headers: { 'x-client': 'c' }, retry: { maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.002, maxRetryAfter: 1, retryNonIdempotent: true },
  };
  assert.deepEqual(Object.keys(values).sort(), Object.keys(config).sort());
  const client = new AtlasClient({ auth: anonymous(), ...values, fetch });
  await client.call('getProject', { groupId });
  assert.equal(seen[0].url, `http://127.0.0.1:9/api/atlas/v2/groups/${groupId}`);
  assert.equal(seen[0].headers['x-client'], 'c');
  assert.equal(seen[0].headers['user-agent'], 'ua/1');
  const perCall = {
    version: '2023-01-01', format: 'json', strict: false, headers: { 'x-call': 'k' }, timeout: 2,
    retry: { maxAttempts: 1 }, retryNonIdempotent: true,
  };
  assert.deepEqual(Object.keys(perCall).sort(), Object.keys(callOptions).sort());
  await client.call('getProject', { groupId }, undefined, perCall);
  assert.equal(seen[1].headers['x-call'], 'k');
  assert.equal(seen[1].headers['x-client'], 'c');
  assert.equal(seen[1].headers.accept, 'application/vnd.atlas.2023-01-01+json');
  // A misspelt option is refused, not ignored.
  assert.throws(() => new AtlasClient({ auth: anonymous(), fetch, basUrl: 'x' }), (e) => e instanceof pkg.BuildError && /basUrl/.test(e.message));
  await assert.rejects(client.call('getProject', { groupId }, undefined, { retries: 2 }), (e) => e instanceof pkg.BuildError && /retries/.test(e.message));
  await assert.rejects(client.call('getProject', { groupId }, undefined, { retry: { baseDelayMs: 1 } }), /baseDelayMs/);
});

test('waits take every field of the core\'s WaitOptions, with its defaults, and nothing unknown', async () => {
  const { waitOptions } = contractFields();
  assert.deepEqual(waitOptions, { timeout: 3600, interval: 5, maxInterval: 60 });
  // Every field, each a value other than its default (the pauses short: this is real time).
  const values = { timeout: 120, interval: 0.001, maxInterval: 0.002 };
  assert.deepEqual(Object.keys(values).sort(), Object.keys(waitOptions).sort());
  const type = { 'content-type': 'application/vnd.atlas.2024-08-05+json' };
  const cluster = (stateName) => ({ status: 200, headers: type, body: { name: 'c1', groupId, stateName } });
  const { fetch, seen } = scripted([{ ...cluster('CREATING'), status: 201 }, cluster('CREATING'), cluster('IDLE'), cluster('IDLE')]);
  const events = [];
  const client = new AtlasClient({ auth: anonymous(), fetch, onEvent: (e) => events.push(e) });
  const final = await client.call('createCluster', { groupId }, { name: 'c1' }, { wait: values });
  assert.equal(final.stateName, 'IDLE');
  const pauses = events.filter((e) => e.event === 'waiting').map((e) => e.seconds);
  assert.deepEqual(pauses, [0.001, 0.0015]);
  const polled = await client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], ...values });
  assert.equal(polled.stateName, 'IDLE');
  assert.equal(seen.length, 4);
  // A misspelt wait option is refused by the core, naming it, before any request.
  await assert.rejects(client.call('createCluster', { groupId }, { name: 'c1' }, { wait: { maxIntervl: 1 } }), (e) => e instanceof pkg.BuildError && /maxIntervl/.test(e.message));
  await assert.rejects(client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], deadline: 1 }), (e) => e instanceof pkg.BuildError && /deadline/.test(e.message));
  assert.equal(seen.length, 4);
});

test('retry options apply per call, in seconds', async () => {
  const busy = { status: 503, headers: {}, body: '' };
  const { fetch, seen } = scripted([busy, busy, busy]);
  const client = new AtlasClient({ auth: anonymous(), fetch, retry: { maxAttempts: 1 } });
  await assert.rejects(
    client.call('listProjects', {}, undefined, { retry: { maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.001 } }),
    (e) => e instanceof pkg.ServerError && e.attempts === 3,
  );
  assert.equal(seen.length, 3);
});

test('timeout: an exchange slower than `timeout` seconds is a transport failure (retried, then TransportError)', async () => {
  const fetch = (url, init) =>
    new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true }));
  const client = new AtlasClient({ auth: anonymous(), fetch, timeout: 0.01, retry: { maxAttempts: 2, baseDelay: 0.001 } });
  // AbortSignal.timeout does not keep Node alive by itself (a real socket would).
  const alive = setInterval(() => {}, 1000);
  try {
    await assert.rejects(client.call('listProjects'), (e) => e instanceof pkg.TransportError && e.attempts === 2 && /within 0.01 s/.test(e.message));
  } finally {
    clearInterval(alive);
  }
});

test('withMetadata: the data and the reply\'s metadata (status, headers, version, attempts, rate limit)', async () => {
  const { fetch } = scripted([
    { status: 503, headers: {}, body: '' },
    {
      status: 200,
      headers: { 'content-type': 'application/vnd.atlas.2023-01-01+json', 'ratelimit-limit': '100', 'ratelimit-remaining': '99', 'x-request-id': 'r1' },
      body: { id: 'x' },
    },
  ]);
  const client = new AtlasClient({ auth: anonymous(), fetch, retry: { baseDelay: 0.001 } });
  const { data, metadata } = await client.call('getProject', { groupId }, undefined, { withMetadata: true });
  assert.deepEqual(data, { id: 'x' });
  assert.equal(metadata.operation, 'getGroup');
  assert.equal(metadata.status, 200);
  assert.equal(metadata.version, '2023-01-01');
  assert.equal(metadata.attempts, 2);
  assert.equal(metadata.headers['x-request-id'], 'r1');
  assert.deepEqual(metadata.rateLimit, { limit: 100, remaining: 99 });
});

test('onEvent: requests, replies, waits and retries, and never a secret', async () => {
  const { fetch } = scripted([
    { status: 401, headers: { 'www-authenticate': 'Digest realm="MMS Public API", qop="auth", nonce="abc", algorithm=MD5' }, body: '' },
    { status: 503, headers: {}, body: '' },
    { status: 200, headers: { 'content-type': 'application/vnd.atlas.2023-01-01+json' }, body: { results: [], totalCount: 0 } },
  ]);
  const events = [];
  const client = new AtlasClient({ fetch, auth: digest('pub', 'digest-secret-never-shown'), retry: { baseDelay: 0.001 }, onEvent: (e) => events.push(e) });
  await client.call('listProjects');
  const kinds = events.map((e) => e.event);
  for (const kind of ['requestSent', 'replyReceived', 'waiting', 'retrying']) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
  assert.ok(events.every((e) => typeof e.message === 'string' && e.message.length > 0));
  assert.ok(Object.isFrozen(events[0]));
  assert.ok(!JSON.stringify(events).includes('digest-secret-never-shown'));

  const oauth = scripted([
    { status: 200, headers: { 'content-type': 'application/json' }, body: { access_token: 'token-never-shown', token_type: 'Bearer', expires_in: 3600 } },
    { status: 200, headers: { 'content-type': 'application/vnd.atlas.2023-01-01+json' }, body: { results: [], totalCount: 0 } },
  ]);
  const seen = [];
  const sa = new AtlasClient({ fetch: oauth.fetch, auth: serviceAccount('mdb_sa_id', 'sa-secret-never-shown'), onEvent: (e) => seen.push(e) });
  await sa.call('listProjects');
  assert.ok(seen.some((e) => e.event === 'tokenFetched' && e.clientId === 'mdb_sa_id'), JSON.stringify(seen));
  const text = JSON.stringify(seen);
  assert.ok(!text.includes('sa-secret-never-shown') && !text.includes('token-never-shown'), text);
});
