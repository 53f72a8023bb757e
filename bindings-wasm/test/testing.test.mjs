// atlas-admin/testing: the core's MockAtlas as the client's fetch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AtlasClient, NotFound, RateLimited, TransportError, AuthError, anonymous, digest, serviceAccount } from '../js/index.js';
import { MockAtlas } from '../js/testing.js';

const groupId = '32b6e34b3d91647abb20e7b8';
const fast = { baseDelay: 0.001, maxDelay: 0.001 };

test('MockAtlas demands Digest and answers from the spec\'s examples', async () => {
  const atlas = new MockAtlas().requireDigest('pub', 'priv');
  const client = new AtlasClient({ auth: digest('pub', 'priv'), fetch: atlas.fetch });
  const project = await client.projects.getProject({ groupId });
  assert.equal(typeof project, 'object');
  assert.deepEqual(atlas.received().map((r) => [r.status, r.authScheme]), [[401, null], [200, 'Digest']]);
  const wrong = new AtlasClient({ auth: digest('pub', 'nope'), fetch: atlas.fetch, retry: { maxAttempts: 1 } });
  await assert.rejects(wrong.projects.getProject({ groupId }), (e) => e instanceof AuthError || e.status === 401);
});

test('MockAtlas: scripted replies, rate limits, transport failures, list items, OAuth', async () => {
  const atlas = new MockAtlas()
    .respond('getProject', 404, { 'content-type': 'application/json' }, { error: 404, errorCode: 'GROUP_NOT_FOUND', detail: 'no', reason: 'Not Found', parameters: [] })
    .listItems('listProjects', 7);
  const client = new AtlasClient({ auth: anonymous(), fetch: atlas.fetch, retry: fast });
  await assert.rejects(client.projects.getProject({ groupId }), (e) => e instanceof NotFound && e.errorCode === 'GROUP_NOT_FOUND');
  const items = [];
  for await (const p of client.paginate('listProjects', { itemsPerPage: 3 })) items.push(p);
  assert.equal(items.length, 7);

  atlas.rateLimit(1, 0);
  const { metadata } = await client.call('getProject', { groupId }, undefined, { withMetadata: true });
  assert.equal(metadata.attempts, 2);
  atlas.rateLimit(1, 1000);
  await assert.rejects(client.call('getProject', { groupId }, undefined, { retry: { maxRetryAfter: 1 } }), (e) => e instanceof RateLimited && e.retryAfter === 1000);

  atlas.failTransport(5);
  await assert.rejects(client.call('getProject', { groupId }), (e) => e instanceof TransportError && e.attempts === 4 && /simulated/.test(e.message));

  const oauth = new MockAtlas().requireOAuth('mdb_sa_id', 'sa-secret', 3600);
  const sa = new AtlasClient({ auth: serviceAccount('mdb_sa_id', 'sa-secret'), fetch: oauth.fetch });
  await sa.projects.getProject({ groupId });
  await sa.projects.getProject({ groupId });
  assert.deepEqual(oauth.received().map((r) => r.authScheme), ['Basic', 'Bearer', 'Bearer']);
});
