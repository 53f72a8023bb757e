// Waiting for what a call started: `call(…, {wait})` and `client.wait(…)`, on the core's mock
// Atlas and its simulated clock (no real time passes). The JS twin of bindings-python's test_wait.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AtlasClient, AtlasError, BuildError, WaitError, anonymous, bearer, operations } from '../js/index.js';
import { MockAtlas } from '../js/testing.js';

const groupId = '32b6e34b3d91647abb20e7b8';
const V2024 = { 'content-type': 'application/vnd.atlas.2024-08-05+json' };
const V2023 = { 'content-type': 'application/vnd.atlas.2023-01-01+json' };
const JSON_TYPE = { 'content-type': 'application/json' };
const cluster = (stateName) => ({ name: 'c1', groupId, stateName });

/** A client of `atlas` (its fetch brings the mock's clock), events collected. */
function clientOf(atlas, events = []) {
  return new AtlasClient({ auth: bearer('t'), fetch: atlas.fetch, onEvent: (e) => events.push(e) });
}

/** `[method, last path segment]` of every request the mock received. */
const sent = (atlas) => atlas.received().map((r) => [r.method, r.target.split('?')[0].split('/').pop()]);

test('a created cluster is waited for until IDLE, through a 503 and a 429 with Retry-After', async () => {
  const atlas = new MockAtlas()
    .respond('createCluster', 201, V2024, cluster('CREATING'))
    .respond('getCluster', 200, V2024, cluster('CREATING'))
    .respond('getCluster', 503, JSON_TYPE, { error: 503, errorCode: 'SERVICE_UNAVAILABLE' })
    .respond('getCluster', 429, { ...JSON_TYPE, 'retry-after': '7' }, { error: 429, errorCode: 'RATE_LIMITED' })
    .respond('getCluster', 200, V2024, cluster('IDLE'));
  const events = [];
  const client = clientOf(atlas, events);
  const start = atlas.now();
  const final = await client.call('createCluster', { groupId }, { name: 'c1' }, { wait: true });
  assert.equal(final.stateName, 'IDLE');
  assert.deepEqual(sent(atlas), [['POST', 'clusters'], ['GET', 'c1'], ['GET', 'c1'], ['GET', 'c1'], ['GET', 'c1']]);
  assert.deepEqual(atlas.received().map((r) => r.status), [201, 200, 503, 429, 200]);
  const waits = atlas.waits();
  // 5 s before the first poll, half as long again before the next; the 503's back-off and the
  // 429's Retry-After are the poll's own retries.
  assert.deepEqual(waits.slice(0, 2), [5, 7.5]);
  assert.ok(waits.includes(7), `Retry-After 7 in ${waits}`);
  assert.equal(waits.length, 4, `${waits}`);
  assert.ok(Math.abs(atlas.now() - start - waits.reduce((a, b) => a + b) * 1000) < 1);
  const waiting = events.filter((e) => e.event === 'waiting').map((e) => e.reason);
  assert.ok(waiting.some((r) => /stateName is CREATING/.test(r)), JSON.stringify(waiting));
});

test('a deleted cluster is waited for until 404 and resolves with undefined', async () => {
  const atlas = new MockAtlas()
    .respond('deleteCluster', 202, {}, '')
    .respond('getCluster', 200, V2024, cluster('DELETING'))
    .respond('getCluster', 404, JSON_TYPE, { error: 404, errorCode: 'CLUSTER_NOT_FOUND' });
  const client = clientOf(atlas);
  const result = await client.call('deleteCluster', { groupId, clusterName: 'c1' }, undefined, { wait: { interval: 1 } });
  assert.equal(result, undefined);
  assert.deepEqual(atlas.received().map((r) => r.method), ['DELETE', 'GET', 'GET']);
  assert.deepEqual(atlas.waits(), [1, 1.5]);
});

test('a failed backup export rejects with WaitError naming the state', async () => {
  const atlas = new MockAtlas();
  const exportJob = { id: '6500000000000000000000aa', state: 'InProgress' };
  atlas
    .respond('createGroupClusterBackupExport', 200, V2023, exportJob)
    .respond('getGroupClusterBackupExport', 200, V2023, { ...exportJob, state: 'Failed' });
  const client = clientOf(atlas);
  const body = { snapshotId: '6500000000000000000000bb', exportBucketId: '6500000000000000000000cc' };
  await assert.rejects(
    client.call('createGroupClusterBackupExport', { groupId, clusterName: 'c1' }, body, { wait: true }),
    (e) => {
      assert.ok(e instanceof WaitError && e instanceof AtlasError, `${e}`);
      assert.equal(e.name, 'WaitError');
      assert.match(e.message, /polling getGroupClusterBackupExport, `state` became Failed/);
      assert.equal(e.operation, 'createGroupClusterBackupExport');
      return true;
    },
  );
  // The export's id came from the call's reply: the poll asked for that export.
  assert.match(atlas.received()[1].target, /\/exports\/6500000000000000000000aa$/);
});

test('a wait reaching its deadline rejects with WaitError, the mock clock moved on exactly the timeout', async () => {
  const atlas = new MockAtlas();
  for (let i = 0; i < 10; i++) atlas.respond('getCluster', 200, V2024, cluster('UPDATING'));
  const client = clientOf(atlas);
  const start = atlas.now();
  await assert.rejects(
    client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], timeout: 30 }),
    (e) =>
      e instanceof WaitError &&
      /after 30 s: polling getGroupCluster, the last state seen was UPDATING/.test(e.message),
  );
  assert.equal(atlas.now() - start, 30_000);
  assert.deepEqual(atlas.waits(), [5, 7.5, 11.25, 6.25]);
});

test('client.wait: a nested path, gone, failed values, metadata', async () => {
  const atlas = new MockAtlas()
    .respond('getCluster', 200, V2024, { status: { phase: 'RUNNING' } })
    .respond('getCluster', 200, V2024, { status: { phase: 'DONE' } });
  const client = clientOf(atlas);
  const done = await client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'status.phase', values: ['DONE'] });
  assert.deepEqual(done, { status: { phase: 'DONE' } });
  // The first poll goes out at once; only the second waited.
  assert.deepEqual(atlas.waits(), [5]);

  atlas.respond('getCluster', 200, V2024, cluster('IDLE'));
  const { data, metadata } = await client.wait('getCluster', { projectId: groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], withMetadata: true });
  assert.equal(data.stateName, 'IDLE');
  assert.equal(metadata.operation, 'getGroupCluster');
  assert.equal(metadata.status, 200);

  atlas.respond('getCluster', 200, V2024, cluster('DELETING')).respond('getCluster', 404, JSON_TYPE, { error: 404, errorCode: 'CLUSTER_NOT_FOUND' });
  assert.equal(await client.wait('getCluster', { groupId, clusterName: 'c1' }, { gone: true, interval: 2 }), undefined);

  atlas.respond('getCluster', 200, V2024, cluster('REPAIRING'));
  await assert.rejects(
    client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], failed: ['REPAIRING'] }),
    (e) => e instanceof WaitError && /`stateName` became REPAIRING/.test(e.message),
  );
});

test('a wait that cannot be is refused with BuildError before any request', async () => {
  const atlas = new MockAtlas();
  const client = clientOf(atlas);
  const params = { groupId, clusterName: 'c1' };
  await assert.rejects(
    client.wait('createCluster', { groupId }, { path: 'stateName', values: ['IDLE'] }),
    (e) => e instanceof BuildError && e.code === 'NotPollable' && /not a GET/.test(e.message),
  );
  await assert.rejects(
    client.call('listClusters', { groupId }, undefined, { wait: true }),
    (e) => e instanceof BuildError && e.code === 'NoWatcher' && /no way to wait/.test(e.message) && e.operation === 'listGroupClusters',
  );
  // The goal and the options are the core's to check.
  await assert.rejects(client.wait('getCluster', params, {}), (e) => e instanceof BuildError && /path/.test(e.message));
  await assert.rejects(client.wait('getCluster', params, { path: 'stateName', values: [] }), BuildError);
  await assert.rejects(client.wait('getCluster', params, { path: 'stateName', values: ['IDLE'], timout: 3 }), (e) => e instanceof BuildError && /timout/.test(e.message));
  await assert.rejects(client.call('createCluster', { groupId }, { name: 'c1' }, { wait: { intervl: 1 } }), (e) => e instanceof BuildError && /intervl/.test(e.message));
  await assert.rejects(client.call('createCluster', { groupId }, { name: 'c1' }, { wait: 5 }), BuildError);
  await assert.rejects(client.wait('getCluster', params, { gone: true, path: 'stateName' }), TypeError);
  await assert.rejects(client.wait('nosuchOperation', {}, { gone: true }), (e) => e instanceof BuildError && e.code === 'UnknownOperation');
  // A missing parameter of the call is the call's own build error.
  await assert.rejects(client.call('createCluster', {}, { name: 'c1' }, { wait: true }), (e) => e instanceof BuildError && e.code === 'MissingParameter');
  assert.deepEqual(atlas.received(), []);
});

test('wait: false is an ordinary call; signal cancels a pause between polls', async () => {
  const atlas = new MockAtlas().respond('createCluster', 201, V2024, cluster('CREATING'));
  const client = clientOf(atlas);
  const created = await client.call('createCluster', { groupId }, { name: 'c1' }, { wait: false });
  assert.equal(created.stateName, 'CREATING');
  assert.equal(atlas.received().length, 1);

  atlas.respond('createCluster', 201, V2024, cluster('CREATING'));
  const controller = new AbortController();
  const stopping = new AtlasClient({
    auth: bearer('t'),
    fetch: atlas.fetch,
    onEvent: (e) => e.event === 'waiting' && controller.abort(new Error('stop waiting')),
  });
  await assert.rejects(stopping.call('createCluster', { groupId }, { name: 'c1' }, { wait: true, signal: controller.signal }), /stop waiting/);
  assert.equal(atlas.received().length, 2);
  assert.deepEqual(atlas.waits(), []);
});

test('updateGroupCluster (a PATCH whose watcher names itself) waits by polling getGroupCluster', async () => {
  const atlas = new MockAtlas()
    .respond('updateCluster', 200, V2024, cluster('UPDATING'))
    .respond('getCluster', 200, V2024, cluster('UPDATING'))
    .respond('getCluster', 200, V2024, cluster('IDLE'));
  const client = clientOf(atlas);
  const final = await client.call('updateGroupCluster', { groupId, clusterName: 'c1' }, { paused: false }, { wait: true, withMetadata: true });
  assert.equal(final.data.stateName, 'IDLE');
  assert.equal(final.metadata.operation, 'getGroupCluster');
  assert.deepEqual(atlas.received().map((r) => [r.method, r.operation]), [
    ['PATCH', 'updateGroupCluster'],
    ['GET', 'getGroupCluster'],
    ['GET', 'getGroupCluster'],
  ]);
  const watcher = operations().find((o) => o.operationId === 'updateGroupCluster').watcher;
  assert.equal(watcher.operation, 'getGroupCluster');
  assert.deepEqual(watcher.until, { state: { path: 'stateName', done: ['IDLE'], failed: [] } });
});

test('the typed facade waits where the spec says how', async () => {
  const atlas = new MockAtlas()
    .respond('createCluster', 201, V2024, cluster('CREATING'))
    .respond('getCluster', 200, V2024, cluster('IDLE'))
    .respond('deleteCluster', 202, {}, '')
    .respond('getCluster', 404, JSON_TYPE, { error: 404, errorCode: 'CLUSTER_NOT_FOUND' });
  const client = clientOf(atlas);
  const final = await client.clusters.createCluster({ groupId }, { name: 'c1' }, { wait: true });
  assert.equal(final.stateName, 'IDLE');
  assert.equal(atlas.received().length, 2);
  assert.equal(await client.clusters.deleteCluster({ groupId, clusterName: 'c1' }, { wait: { interval: 1, timeout: 60 } }), undefined);
  assert.deepEqual(atlas.received().map((r) => r.method), ['POST', 'GET', 'DELETE', 'GET']);
  // An operation without a watcher: the core refuses, before any request.
  await assert.rejects(client.clusters.listClusters({ groupId }, { wait: true }), (e) => e instanceof BuildError && e.code === 'NoWatcher');
  assert.equal(atlas.received().length, 4);
  // 25 operations say how to wait, each polling a GET.
  const waitable = operations().filter((o) => o.watcher);
  assert.equal(waitable.length, 25);
  const methods = new Map(operations().map((o) => [o.operationId, o.method]));
  assert.ok(waitable.every((o) => methods.get(o.watcher.operation) === 'GET'));
});

test('a clock of one\'s own: the client reads it and waits on it; a bad one is refused', async () => {
  let now = Date.UTC(2026, 0, 1);
  const slept = [];
  const clock = { now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
  const type = { 'content-type': 'application/vnd.atlas.2024-08-05+json' };
  const replies = ['CREATING', 'IDLE'].map((s) => ({ name: 'c1', groupId, stateName: s }));
  const fetch = async () => new Response(JSON.stringify(replies.shift()), { status: 200, headers: type });
  const client = new AtlasClient({ auth: bearer('t'), fetch, clock });
  const final = await client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], interval: 2 });
  assert.equal(final.stateName, 'IDLE');
  assert.deepEqual(slept, [2000]);
  assert.throws(() => new AtlasClient({ auth: anonymous(), fetch, clock: { now: Date.now } }), TypeError);
});
