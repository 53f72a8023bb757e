// The package's sans-IO functions and the client loop, with stand-in fetch functions (no server).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import {
  ApiError,
  AtlasError,
  AtlasClient,
  BuildError,
  DecodeError,
  TransportError,
  VersionGone,
  anonymous,
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

test('operations: the whole table, sorted, frozen, each operation once with all its names', () => {
  const ops = operations();
  assert.equal(ops.length, 575);
  assert.equal(ops.filter((o) => o.removed === null).length, 540);
  assert.ok(ops.filter((o) => o.removed !== null).every((o) => o.removed === '2025-06-05'));
  const ids = ops.map((o) => o.operationId);
  assert.deepEqual(ids, [...ids].sort());
  const list = ops.find((o) => o.operationId === 'listGroupClusters');
  assert.equal(list.shortName, 'listClusters');
  assert.deepEqual(list.formerIds, ['listClusters']);
  assert.deepEqual(list.names, ['listGroupClusters', 'listClusters', 'list_group_clusters', 'list_clusters']);
  assert.equal(list.removed, null);
  // Each name (but the one ambiguous name's two forms) belongs to one operation.
  const owners = new Map();
  for (const op of ops) {
    assert.ok(op.names.includes(op.operationId), op.operationId);
    for (const name of [op.shortName, ...op.formerIds].filter(Boolean)) assert.ok(op.names.includes(name), name);
    for (const name of op.names) owners.set(name, [...(owners.get(name) ?? []), op.operationId]);
  }
  const shared = [...owners].filter(([, owner]) => owner.length > 1);
  assert.deepEqual(shared.map(([name]) => name), ['removeUserFromTeam', 'remove_user_from_team']);
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
    [() => buildRequest('listClusters', { groupId }, undefined, { version: '1999-01-01' }), 'UnsupportedVersion', 'version'],
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

test('buildRequest: every name of an operation builds the same request; projectId is groupId', () => {
  const expected = buildRequest('listGroupClusters', { groupId });
  for (const name of ['listClusters', 'list_clusters', 'list_group_clusters']) {
    assert.deepEqual(buildRequest(name, { groupId }), expected, name);
  }
  assert.deepEqual(buildRequest('listGroupClusters', { projectId: groupId }), expected);
  assert.throws(
    () => buildRequest('listGroupClusters', { groupId, projectId: groupId }),
    (e) => e instanceof BuildError && e.code === 'DuplicateParameter' && e.parameter === 'groupId' && /projectId/.test(e.message),
  );
  // Names copied from the current API reference.
  assert.equal(buildRequest('createGroup', {}, { name: 'p', orgId: groupId }).method, 'POST');
  assert.match(buildRequest('listOrgs').url, /\/api\/atlas\/v2\/orgs$/);
});

test('buildRequest: an operation prepared once and kept builds what one prepared for the call builds', () => {
  const fixtures = JSON.parse(readFileSync(new URL('../../tests/fixtures/requests.json', import.meta.url)));
  // With a client setting (here the default one), the request is prepared by a session of its
  // own and freed; with none, by the package's session, once per operation name.
  const viaSession = { strict: false };
  const outcome = (build) => {
    try {
      return build();
    } catch (e) {
      return { error: e.name, code: e.code, message: e.message };
    }
  };
  for (const { operationId, params, body } of fixtures) {
    const prepared = outcome(() => buildRequest(operationId, params));
    assert.deepEqual(prepared, outcome(() => buildRequest(operationId, params, undefined, viaSession)), operationId);
    // Every call that takes no body builds (those that need one fail alike, as compared above).
    if (body === null) assert.equal(prepared.error, undefined, `${operationId}: ${prepared.message}`);
    // Twice: the second comes from the kept operation.
    assert.deepEqual(outcome(() => buildRequest(operationId, params)), prepared, operationId);
  }
  // A header parameter is sent; a caller changing a request changes no later one.
  const params = { groupId, clusterName: 'c1', 'Use-Effective-Instance-Fields': true };
  const request = buildRequest('getCluster', params);
  assert.equal(request.headers['use-effective-instance-fields'], 'true');
  assert.deepEqual(request, buildRequest('getCluster', params, undefined, viaSession));
  request.headers.accept = 'text/plain';
  assert.equal(buildRequest('getCluster', { groupId, clusterName: 'c1' }).headers.accept, 'application/vnd.atlas.2024-08-05+json');
  assert.equal(buildRequest('getCluster', { groupId, clusterName: 'c1' }).headers['use-effective-instance-fields'], undefined);
  const noBody = outcome(() => buildRequest('createProject', {}));
  assert.equal(noBody.code, 'InvalidBody', noBody.message);
});

test('buildRequest: the one ambiguous name is refused, naming both operations', () => {
  assert.throws(
    () => buildRequest('removeUserFromTeam', { orgId: groupId, teamId: groupId }),
    (e) => {
      assert.ok(e instanceof BuildError, inspect(e));
      assert.equal(e.code, 'AmbiguousOperation');
      assert.deepEqual([...e.candidates].sort(), ['removeOrgTeamUser', 'removeOrgTeamUserFromTeam']);
      return true;
    },
  );
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

test('parseResponse: read without the core or by it, the same answers', () => {
  const ct = { 'content-type': 'application/vnd.atlas.2023-01-01+json' };
  // Twice each: the first asks the core whether JSON.parse may read it, the second remembers.
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(parseResponse('getProject', 200, ct, '\ufeff{"id":"a"}'), { id: 'a' }, 'a BOM is dropped');
    assert.deepEqual(parseResponse('getProject', 200, ct, new TextEncoder().encode('{"id":"b"}').buffer), { id: 'b' });
    assert.deepEqual(parseResponse('getProject', 200, { 'Content-Type': ct['content-type'], 'X-A': '1' }, '{"id":"c"}'), { id: 'c' });
    assert.throws(() => parseResponse('getProject', 200, ct, '{oops'), DecodeError);
    assert.throws(() => parseResponse('getProject', 200, { 'content-type': 'text/html' }, '<html>'), DecodeError);
    assert.throws(() => parseResponse('getProject', 200, ct, ''), DecodeError, 'a promised document is missing');
    // Headers fetch could not give are the core's to refuse, as before.
    assert.throws(() => parseResponse('getProject', 200, { ...ct, 'x-a': 'a\nb' }, '{}'), AtlasError);
    assert.throws(() => parseResponse('getProject', 200, { ...ct, 'bad name': 'a' }, '{}'), AtlasError);
    assert.throws(() => parseResponse('noSuchOperation', 200, ct, '{}'), BuildError);
  }
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
    (e) => e instanceof DecodeError && e.status === 200 && e.message.includes('truncated'),
  );
});

test('toCurl and credentials never show secrets', () => {
  const req = buildRequest('createDatabaseUser', { groupId }, { databaseName: 'admin', username: 'u', password: 'hunter2-long', groupId, roles: [] });
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

test('client: bearer auth, typed method, extra headers; the core refuses to let them replace its own', async () => {
  const evil = new AtlasClient({ auth: anonymous(), fetch: () => assert.fail('sent'), headers: { accept: 'evil' } });
  await assert.rejects(evil.projects.getProject({ groupId }), (e) => e instanceof BuildError && e.parameter === 'headers');
  const { fetch, seen } = scripted([[200, JSON_2023, '{"id":"x","name":"p"}']]);
  const client = new AtlasClient({ auth: bearer('tok'), fetch, headers: { prefer: 'code=200' } });
  const project = await client.projects.getProject({ groupId });
  assert.deepEqual(project, { id: 'x', name: 'p' });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].headers.authorization, 'Bearer tok');
  assert.equal(seen[0].headers.prefer, 'code=200');
  assert.equal(seen[0].headers.accept, 'application/vnd.atlas.2023-01-01+json');
});

test('client: a deprecated alias calls the same operation as the typed name', async () => {
  const created = [201, JSON_2023, '{"id":"x","name":"p"}'];
  const { fetch, seen } = scripted([created, created]);
  const client = new AtlasClient({ auth: bearer('tok'), fetch });
  const body = { name: 'p', orgId: groupId };
  assert.deepEqual(await client.projects.createProject({}, body), { id: 'x', name: 'p' });
  assert.deepEqual(await client.projects.createGroup({}, body), { id: 'x', name: 'p' });
  assert.deepEqual(
    seen.map((r) => [r.method, r.url, text(r.body)]),
    Array(2).fill(['POST', 'https://cloud.mongodb.com/api/atlas/v2/groups', JSON.stringify(body)]),
  );
});

test('client: a removed operation still runs and warns, once per operation on the console', async () => {
  const ok = [200, JSON_2023, '{"results":[],"totalCount":0}'];
  const { fetch, seen } = scripted([ok, ok, ok]);
  const warned = [];
  const original = console.warn;
  console.warn = (...args) => warned.push(args.join(' '));
  try {
    const client = new AtlasClient({ auth: anonymous(), fetch });
    await client.dataLakePipelines.listPipelines({ groupId });
    await client.call('listPipelines', { groupId });
    await client.call('listGroups');
  } finally {
    console.warn = original;
  }
  assert.equal(seen.length, 3, 'warnings never stop a call');
  assert.match(seen[0].url, /\/groups\/[0-9a-f]{24}\/pipelines$/);
  // Its only version's sunset (2025-09-09) is past too: one line per kind, not per call.
  assert.deepEqual(warned, [
    'atlas-admin: listPipelines: Atlas no longer lists this operation (last listed in the API of 2025-06-05); it may fail or stop working',
    'atlas-admin: listPipelines: version 2023-01-01 was announced to stop on 2025-09-09; Atlas announces no newer version',
  ]);
});

test('client: onWarning gets every warning of every call, before anything is sent', async () => {
  const ok = [200, JSON_2023, '{"results":[],"totalCount":0}'];
  const { fetch, seen } = scripted([ok, ok]);
  const warnings = [];
  const client = new AtlasClient({ auth: anonymous(), fetch, onWarning: (w) => warnings.push(w) });
  await client.call('listPipelines', { groupId });
  // A removed list operation, paged: the pager warns too.
  for await (const item of client.paginate('listPipelineRuns', { groupId, pipelineName: 'p' })) assert.fail(`no items: ${item}`);
  const removed = warnings.filter((w) => w.kind === 'removed');
  assert.deepEqual(
    removed.map((w) => ({ ...w, message: undefined })),
    ['listPipelines', 'listPipelineRuns'].map((operation) => ({ kind: 'removed', operation, lastListed: '2025-06-05', message: undefined })),
  );
  assert.ok(warnings.every((w) => Object.isFrozen(w) && typeof w.message === 'string'));
  // Throwing from onWarning stops the call before any I/O (warnings as errors).
  const strict = new AtlasClient({
    auth: anonymous(),
    fetch,
    onWarning: (w) => {
      throw new Error(w.message);
    },
  });
  await assert.rejects(strict.call('listPipelines', { groupId }), /no longer lists/);
  assert.equal(seen.length, 2);
  assert.throws(() => new AtlasClient({ auth: anonymous(), onWarning: 'console' }), TypeError);
});

test('client: a version past its sunset by the host clock warns, names the newest, and is still sent', async () => {
  // An operation with a version that has a sunset date and a newer stable version.
  const op = operations().find(
    (o) => !o.removed && !o.hasBody && o.versions.some((v) => v.sunset && v.stable) && chosenVersion(o.operationId) !== o.versions.find((v) => v.sunset && v.stable).name,
  );
  assert.ok(op, 'the table has a version with a sunset');
  const old = op.versions.find((v) => v.sunset && v.stable);
  const warnings = [];
  const client = new AtlasClient({
    auth: anonymous(),
    fetch: async () => {
      throw new TypeError('offline');
    },
    retry: { maxAttempts: 1 },
    onWarning: (w) => warnings.push(w),
  });
  const now = Date.now;
  const day = 86_400_000;
  try {
    for (const [offset, expected] of [[-day, 0], [day, 1]]) {
      Date.now = () => Date.parse(`${old.sunset}T12:00:00Z`) + offset;
      warnings.length = 0;
      const params = Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, p.pattern ? groupId : 'x']));
      await assert.rejects(client.call(op.operationId, params, undefined, { version: old.name }), TransportError);
      assert.equal(warnings.length, expected, `${op.operationId} ${old.name} sunset ${old.sunset}, offset ${offset}`);
    }
  } finally {
    Date.now = now;
  }
  assert.deepEqual(
    { ...warnings[0], message: undefined },
    { kind: 'past_sunset', operation: op.operationId, version: old.name, sunset: old.sunset, newest: chosenVersion(op.operationId), message: undefined },
  );
  assert.match(warnings[0].message, new RegExp(`version ${old.name} was announced to stop on ${old.sunset}; use version`));
});

test('client: 410 VERSION_GONE is a VersionGone naming the operation, the version and the newest', async () => {
  const gone = [410, { 'content-type': 'application/json' }, '{"error":410,"errorCode":"VERSION_GONE","detail":"gone"}'];
  const { fetch } = scripted([gone]);
  const client = new AtlasClient({ auth: anonymous(), fetch, retry: { maxAttempts: 1 } });
  await assert.rejects(client.clusters.listClusters({ groupId }, { version: '2023-01-01' }), (e) => {
    assert.ok(e instanceof VersionGone, inspect(e));
    assert.ok(e instanceof ApiError, 'still an ApiError');
    assert.equal(e.status, 410);
    assert.equal(e.errorCode, 'VERSION_GONE');
    assert.equal(e.operation, 'listGroupClusters');
    assert.ok(e.message.includes(chosenVersion('listGroupClusters')), e.message);
    assert.match(e.message, /no longer serves version 2023-01-01/);
    return true;
  });
});

test('client: an envelope reply is unwrapped by the core', async () => {
  const { fetch } = scripted([[200, JSON_2023, '{"status":200,"content":{"id":"x"}}']]);
  const client = new AtlasClient({ auth: anonymous(), fetch });
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
  const client = new AtlasClient({ auth: anonymous(), fetch, retry: { maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.002 } });
  await assert.rejects(client.call('listProjects'), (e) => e instanceof ApiError && e.status === 503 && e.attempts === 3);
  assert.equal(seen.length, 3);
});

test('client: network failures become a TransportError after retries', async () => {
  const down = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const { fetch } = scripted([down, down]);
  const client = new AtlasClient({ auth: anonymous(), fetch, retry: { maxAttempts: 2, baseDelay: 0.001 } });
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
  const client = new AtlasClient({ auth: anonymous(), fetch });
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
  const client = new AtlasClient({ auth: anonymous(), fetch });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 50);
  await assert.rejects(client.call('listProjects', {}, undefined, { signal: controller.signal }), /stop/);
});

test('client: fetch cannot send a GET body; said at once, no retries', async () => {
  const { fetch, seen } = scripted([]);
  const client = new AtlasClient({ auth: anonymous(), fetch });
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

test('typed groups: every operation under its tag, by its typed name and its former ids', async () => {
  const client = new AtlasClient({ auth: anonymous() });
  const { GROUPS } = await import('../js/generated/groups.js');
  const byId = new Map(operations().map((op) => [op.operationId, op]));
  const methods = new Map();
  for (const [group, entries] of Object.entries(GROUPS)) {
    for (const [method, [operationId, takesBody]] of Object.entries(entries)) {
      assert.equal(typeof client[group][method], 'function', `${group}.${method}`);
      assert.ok(!methods.has(method), `${method} twice`);
      const op = byId.get(operationId);
      assert.equal(takesBody === 1, op.hasBody, operationId);
      // A method is one of its operation's own names: never another operation's.
      assert.ok(op.names.includes(method), `${group}.${method} is not a name of ${operationId}`);
      methods.set(method, operationId);
    }
  }
  // Every operation is reachable, and every former id too (but for the ambiguous name's other owner).
  assert.deepEqual(new Set(methods.values()), new Set(byId.keys()));
  for (const op of byId.values()) {
    for (const former of op.formerIds) assert.equal(methods.get(former), op.operationId, former);
  }
  assert.equal(methods.get('listClusters'), 'listGroupClusters');
  assert.equal(methods.get('createProject'), 'createGroup');
  assert.equal(methods.get('removeUserFromTeam'), 'removeOrgTeamUser', 'the 2025 meaning stays');
  // The 2026 spec gives twelve GETs and DELETEs a request body of examples only (no schema):
  // their methods take none, as in the first release (`listClusters(params, options)`).
  assert.equal(GROUPS.clusters.listClusters[1], 0);
  assert.equal(typeof client.clusters.listClusters, 'function');
  assert.equal(typeof client.awsClustersDns, 'undefined'); // tag names are camel-cased as written
  assert.equal(typeof client.awsClustersDNS.getAwsCustomDns, 'function');
});
