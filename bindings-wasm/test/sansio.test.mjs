// The package's sans-IO functions and the client loop, with stand-in fetch functions (no server).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import {
  ApiError,
  AtlasClient,
  BuildError,
  DecodeError,
  TransportError,
  bearer,
  buildRequest,
  chosenVersion,
  digest,
  operations,
  parseResponse,
  serviceAccount,
  toCurl,
} from '../js/index.js';

const groupId = '32b6e34b3d91647abb20e7b8';
const text = (bytes) => new TextDecoder().decode(bytes);

test('operations: the whole spec, sorted, frozen', () => {
  const ops = operations();
  assert.equal(ops.length, 466);
  const ids = ops.map((o) => o.operationId);
  assert.deepEqual(ids, [...ids].sort());
  const list = ops.find((o) => o.operationId === 'listClusters');
  assert.equal(list.method, 'GET');
  assert.equal(list.path, '/api/atlas/v2/groups/{groupId}/clusters');
  assert.equal(list.paged, true);
  assert.equal(list.params.find((p) => p.name === 'groupId').pattern, '^([a-f0-9]{24})$');
  assert.ok(Object.isFrozen(list.params[0]));
});

test('buildRequest: URL, version headers, JSON body bytes', () => {
  const get = buildRequest('listClusters', { groupId, itemsPerPage: 10, includeCount: true });
  assert.equal(get.method, 'GET');
  assert.equal(get.url, `https://cloud.mongodb.com/api/atlas/v2/groups/${groupId}/clusters?includeCount=true&itemsPerPage=10`);
  assert.equal(get.headers.accept, 'application/vnd.atlas.2024-08-05+json');
  assert.match(get.headers['user-agent'], /^atlas-admin-js\/0\.1\.0 \(node /);
  assert.equal(get.body, undefined);

  const post = buildRequest('createProject', {}, { name: 'p', orgId: groupId }, { baseUrl: 'http://127.0.0.1:9/' });
  assert.equal(post.url, 'http://127.0.0.1:9/api/atlas/v2/groups');
  assert.equal(post.headers['content-type'], 'application/vnd.atlas.2023-01-01+json');
  assert.deepEqual(JSON.parse(text(post.body)), { name: 'p', orgId: groupId });
});

test('buildRequest: versions by pin and per call', () => {
  assert.equal(chosenVersion('listClusters'), '2024-08-05');
  assert.equal(chosenVersion('listClusters', { versionPin: '2024-01-01' }), '2023-02-01');
  const old = buildRequest('listClusters', { groupId }, undefined, { version: '2023-01-01' });
  assert.equal(old.headers.accept, 'application/vnd.atlas.2023-01-01+json');
  const csv = buildRequest('getInvoice', { orgId: groupId, invoiceId: groupId }, undefined, { format: 'csv' });
  assert.equal(csv.headers.accept, 'application/vnd.atlas.2023-01-01+csv');
});

test('buildRequest: BuildError names the parameter and the rule', () => {
  const cases = [
    [() => buildRequest('listClusters', {}), 'MissingParameter', 'groupId'],
    [() => buildRequest('listClusters', { groupId: 'nope' }), 'InvalidParameter', 'groupId'],
    [() => buildRequest('listClusters', { groupId, itemsPerPage: 'x' }), 'InvalidParameter', 'itemsPerPage'],
    [() => buildRequest('listClusters', { groupId, bogus: 1 }), 'UnknownParameter', 'bogus'],
    [() => buildRequest('getProject', { groupId: '../../admin' }), 'InvalidParameter', 'groupId'],
    [() => buildRequest('listClusters', { groupId }, undefined, { version: '1999-01-01' }), 'UnsupportedVersion', undefined],
    [() => buildRequest('listClusters', { groupId }, undefined, { baseUrl: 'ftp://x' }), 'InvalidConfig', 'base_url'],
  ];
  for (const [fn, code, parameter] of cases) {
    assert.throws(fn, (e) => {
      assert.ok(e instanceof BuildError, inspect(e));
      assert.equal(e.name, 'BuildError');
      assert.equal(e.code, code, e.message);
      assert.equal(e.parameter, parameter, e.message);
      return true;
    });
  }
  assert.throws(() => buildRequest('listCluster', {}), /did you mean listClusters/);
});

test('parseResponse: JSON, text, bytes, empty', () => {
  const ct = { 'content-type': 'application/vnd.atlas.2024-08-05+json' };
  assert.deepEqual(parseResponse('listClusters', 200, ct, '{"results":[{"name":"a"}],"totalCount":1}'), {
    results: [{ name: 'a' }],
    totalCount: 1,
  });
  // Unknown fields and enum values survive.
  assert.deepEqual(parseResponse('getProject', 200, ct, '{"x-new":1,"state":"NEW_STATE"}'), { 'x-new': 1, state: 'NEW_STATE' });
  const csv = parseResponse('downloadInvoiceCsv', 200, new Headers({ 'content-type': 'application/vnd.atlas.2023-01-01+csv' }), 'a,b\n1,2\n');
  assert.equal(csv, 'a,b\n1,2\n');
  const gz = parseResponse('getHostLogs', 200, [['content-type', 'application/vnd.atlas.2023-02-01+gzip']], new Uint8Array([0x1f, 0x8b, 8]));
  assert.deepEqual(gz, new Uint8Array([0x1f, 0x8b, 8]));
  assert.equal(parseResponse('deleteProject', 204, {}, undefined), undefined);
});

test('parseResponse: envelopes are unwrapped, other documents kept as sent', () => {
  const ct = { 'content-type': 'application/vnd.atlas.2023-01-01+json' };
  assert.deepEqual(parseResponse('getProject', 200, ct, '{"status":200,"content":{"id":"a"}}'), { id: 'a' });
  assert.deepEqual(parseResponse('listProjects', 200, ct, '{"status":200,"results":[1],"totalCount":1}'), {
    results: [1],
    totalCount: 1,
  });
  assert.throws(
    () => parseResponse('getProject', 200, ct, '{"status":404,"content":{"errorCode":"GROUP_NOT_FOUND"}}'),
    (e) => e instanceof ApiError && e.status === 404 && e.errorCode === 'GROUP_NOT_FOUND',
  );
  // A `status` that is a field of the resource, not an envelope's, stays.
  assert.deepEqual(parseResponse('getProject', 200, ct, '{"status":"ACTIVE","id":"b"}'), { status: 'ACTIVE', id: 'b' });
  assert.deepEqual(parseResponse('getProject', 200, ct, ' [1, 2.5e3, "\\u00e9"] '), [1, 2500, '\u00e9']);
});

test('parseResponse: ApiError with every field, DecodeError with a snippet', () => {
  const body = JSON.stringify({
    error: 400,
    errorCode: 'INVALID_ATTRIBUTE',
    detail: 'Invalid attribute name specified.',
    reason: 'Bad Request',
    parameters: ['name'],
    badRequestDetail: { fields: [{ field: 'name', description: 'bad' }] },
  });
  assert.throws(
    () => parseResponse('createProject', 400, { 'content-type': 'application/json', 'retry-after': '7' }, body),
    (e) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 400);
      assert.equal(e.errorCode, 'INVALID_ATTRIBUTE');
      assert.equal(e.detail, 'Invalid attribute name specified.');
      assert.equal(e.reason, 'Bad Request');
      assert.deepEqual(e.parameters, ['name']);
      assert.deepEqual(e.badRequestDetail.fields, [{ field: 'name', description: 'bad' }]);
      assert.equal(e.retryAfter, 7);
      return true;
    },
  );
  assert.throws(
    () => parseResponse('getProject', 200, { 'content-type': 'application/json' }, '{"truncated'),
    (e) => e instanceof DecodeError && e.status === 200 && e.snippet === '{"truncated',
  );
});

test('toCurl and credentials never show secrets', () => {
  const req = buildRequest('createDatabaseUser', { groupId }, { databaseName: 'admin', username: 'u', password: 'hunter2-long', groupId });
  req.headers.authorization = 'Bearer top-secret-token';
  const curl = toCurl(req);
  assert.match(curl, /^curl -X POST /);
  assert.match(curl, /Bearer <redacted>/);
  assert.ok(!curl.includes('hunter2') && !curl.includes('top-secret-token'), curl);
  for (const auth of [digest('pub', 'priv-secret'), serviceAccount('mdb_sa_id', 'priv-secret'), bearer('priv-secret')]) {
    for (const shown of [inspect(auth), JSON.stringify(auth), String(auth), inspect(new AtlasClient({ auth }))]) {
      assert.ok(!shown.includes('priv-secret'), shown);
    }
  }
});

/** A stand-in fetch answering from a list of [status, headers, body], recording requests. */
function scripted(replies) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, ...init });
    const next = replies.shift();
    if (next instanceof Error) throw next;
    const [status, headers, body] = next;
    return new Response(body, { status, headers });
  };
  return { fetch, seen };
}

const JSON_2023 = { 'content-type': 'application/vnd.atlas.2023-01-01+json' };

test('client: bearer auth, typed method, extra headers under the core', async () => {
  const { fetch, seen } = scripted([[200, JSON_2023, '{"id":"x","name":"p"}']]);
  const client = new AtlasClient({ auth: bearer('tok'), fetch, headers: { prefer: 'code=200', accept: 'evil' } });
  const project = await client.projects.getProject({ groupId });
  assert.deepEqual(project, { id: 'x', name: 'p' });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].headers.authorization, 'Bearer tok');
  assert.equal(seen[0].headers.prefer, 'code=200');
  assert.equal(seen[0].headers.accept, 'application/vnd.atlas.2023-01-01+json');
});

test('client: an envelope reply is unwrapped by the core', async () => {
  const { fetch } = scripted([[200, JSON_2023, '{"status":200,"content":{"id":"x"}}']]);
  const client = new AtlasClient({ fetch });
  assert.deepEqual(await client.projects.getProject({ groupId, envelope: true }), { id: 'x' });
});

test('client: 429 with Retry-After is waited for, then retried', async () => {
  const { fetch, seen } = scripted([
    [429, { 'content-type': 'application/json', 'retry-after': '1' }, '{"error":429,"errorCode":"RATE_LIMITED"}'],
    [200, JSON_2023, '{"results":[],"totalCount":0}'],
  ]);
  const client = new AtlasClient({ auth: bearer('tok'), fetch });
  const started = Date.now();
  const page = await client.call('listProjects');
  assert.deepEqual(page, { results: [], totalCount: 0 });
  assert.equal(seen.length, 2);
  assert.ok(Date.now() - started >= 950, 'slept for Retry-After');
});

test('client: retries give up with the last ApiError and the attempts', async () => {
  const busy = [503, { 'content-type': 'application/json' }, '{"error":503,"errorCode":"SERVICE_UNAVAILABLE"}'];
  const { fetch, seen } = scripted([busy, busy, busy]);
  const client = new AtlasClient({ fetch, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
  await assert.rejects(client.call('listProjects'), (e) => e instanceof ApiError && e.status === 503 && e.attempts === 3);
  assert.equal(seen.length, 3);
});

test('client: network failures become a TransportError after retries', async () => {
  const down = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const { fetch } = scripted([down, down]);
  const client = new AtlasClient({ fetch, retry: { maxAttempts: 2, baseDelayMs: 1 } });
  await assert.rejects(client.call('listProjects'), (e) => {
    assert.ok(e instanceof TransportError, inspect(e));
    assert.equal(e.attempts, 2);
    assert.match(e.message, /ECONNREFUSED/);
    return true;
  });
});

test('client: paginate follows pages until totalCount', async () => {
  const page = (ids, total) => [200, JSON_2023, JSON.stringify({ results: ids.map((id) => ({ id })), totalCount: total })];
  const { fetch, seen } = scripted([page(['a', 'b'], 5), page(['c', 'd'], 5), page(['e'], 5)]);
  const client = new AtlasClient({ fetch });
  const ids = [];
  for await (const p of client.paginate('listProjects', { itemsPerPage: 2 })) ids.push(p.id);
  assert.deepEqual(ids, ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(
    seen.map((r) => new URL(r.url).searchParams.get('pageNum')),
    ['1', '2', '3'],
  );
});

test('client: an abort stops a back-off wait', async () => {
  const { fetch } = scripted([[429, { 'retry-after': '60' }, '']]);
  const client = new AtlasClient({ fetch });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 50);
  await assert.rejects(client.call('listProjects', {}, undefined, { signal: controller.signal }), /stop/);
});

test('client: fetch cannot send a GET body; said at once, no retries', async () => {
  const { fetch, seen } = scripted([]);
  const client = new AtlasClient({ fetch });
  await assert.rejects(
    client.invoices.queryLineItemsFromSingleInvoice({ orgId: groupId, invoiceId: groupId }, {}),
    (e) => e.code === 'Unsendable',
  );
  assert.equal(seen.length, 0);
});

test('client: service account fetches a token once, uses it, revokes it', async () => {
  const token = [200, { 'content-type': 'application/json' }, '{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}'];
  const ok = [200, JSON_2023, '{"results":[],"totalCount":0}'];
  const { fetch, seen } = scripted([token, ok, ok, [200, {}, '']]);
  const client = new AtlasClient({ auth: serviceAccount('mdb_sa_id_1', 'sa-secret'), fetch });
  await client.call('listProjects');
  await client.call('listProjects');
  assert.equal(seen.length, 3, 'one token request for two calls');
  assert.match(seen[0].url, /\/api\/oauth\/token$/);
  assert.equal(seen[0].method, 'POST');
  assert.match(seen[0].headers.authorization, /^Basic /);
  assert.equal(seen[1].headers.authorization, 'Bearer tok-1');
  assert.equal(seen[2].headers.authorization, 'Bearer tok-1');
  await client.revokeToken();
  assert.match(seen[3].url, /\/api\/oauth\/revoke$/);
});

test('typed groups: every operation exactly once, under its tag', async () => {
  const client = new AtlasClient();
  const { GROUPS } = await import('../js/generated/groups.js');
  const seen = new Map();
  for (const [group, methods] of Object.entries(GROUPS)) {
    for (const [operationId, takesBody] of Object.entries(methods)) {
      assert.equal(typeof client[group][operationId], 'function', `${group}.${operationId}`);
      assert.ok(!seen.has(operationId), `${operationId} twice`);
      seen.set(operationId, takesBody);
    }
  }
  assert.equal(seen.size, 466);
  for (const op of operations()) {
    assert.equal(seen.get(op.operationId), op.hasBody, op.operationId);
  }
  assert.equal(typeof client.clusters.listClusters, 'function');
  assert.equal(typeof client.awsClustersDns, 'undefined'); // tag names are camel-cased as written
  assert.equal(typeof client.awsClustersDNS.getAwsCustomDns, 'function');
});
