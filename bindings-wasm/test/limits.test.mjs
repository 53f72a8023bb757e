// Rate limits and token reuse (issue 13): Atlas's token bucket, 429s given up on, one token
// shared by two clients through the Node file cache, a token endpoint that limits minting.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AtlasClient, AuthError, BuildError, RateLimited, anonymous, digest, serviceAccount } from '../js/index.js';
import { fileTokenCache } from '../js/node.js';
import { MockAtlas } from '../js/testing.js';

const groupId = '32b6e34b3d91647abb20e7b8';
const BUCKET = 'api/atlas/v2/groups';

for (const headers of [true, false]) {
  test(`50 calls to a bucket of 10 (5 a minute) meet one 429, then wait for each refill (headers: ${headers})`, async () => {
    const atlas = new MockAtlas().tokenBucket(BUCKET, 10, 5, 60, headers);
    const events = [];
    const client = new AtlasClient({ auth: anonymous(), fetch: atlas.fetch, onEvent: (e) => events.push(e) });
    for (let i = 0; i < 50; i++) await client.projects.getProject({ groupId });
    const statuses = atlas.received().map((r) => r.status);
    assert.deepEqual(statuses.flatMap((s, i) => (s === 429 ? [i] : [])), [10], 'only the 11th request meets a 429');
    assert.equal(statuses.length, 51);
    assert.deepEqual(atlas.waits(), Array(8).fill(60));
    const refills = events.filter((e) => e.event === 'waiting' && e.message.includes(`rate limit of ${BUCKET}`));
    assert.equal(refills.length, 7);
  });
}

test('a token-bucket 429 given up on rejects with RateLimited carrying the bucket', async () => {
  const atlas = new MockAtlas().tokenBucket(BUCKET, 1, 1, 45, false);
  const client = new AtlasClient({ auth: anonymous(), fetch: atlas.fetch });
  await client.projects.getProject({ groupId });
  const once = new AtlasClient({ auth: anonymous(), fetch: atlas.fetch, retry: { maxAttempts: 1 } });
  const error = await once.projects.getProject({ groupId }).then(
    () => assert.fail('no 429'),
    (e) => e,
  );
  assert.ok(error instanceof RateLimited, String(error));
  assert.equal(error.status, 429);
  assert.equal(error.errorCode, 'RATE_LIMITED_TOKEN_BUCKET');
  assert.equal(error.retryAfter, 45, 'from the body: no Retry-After header');
  assert.deepEqual(error.rateLimit, { path: BUCKET, retryAfterSeconds: 45, capacity: 1, refillRate: 1, refillDurationSeconds: 45 });
  // Any other error: rateLimit null.
  const other = await new AtlasClient({ auth: anonymous(), fetch: new MockAtlas().respond('getProject', 404).fetch })
    .projects.getProject({ groupId })
    .catch((e) => e);
  assert.equal(other.rateLimit, null);
});

test('exportToken / importToken / tokenCacheKey', async () => {
  const atlas = new MockAtlas().requireOAuth('mdb_sa_id', 'sa-secret', 3600);
  const first = new AtlasClient({ auth: serviceAccount('mdb_sa_id', 'sa-secret'), fetch: atlas.fetch });
  assert.equal(first.exportToken(), null, 'nothing before the first call');
  assert.match(first.tokenCacheKey, /^atlas-token-[0-9a-f]{32}$/);
  await first.call('listProjects');
  const saved = first.exportToken();
  assert.equal(typeof saved, 'string');
  const second = new AtlasClient({ auth: serviceAccount('mdb_sa_id', 'sa-secret'), fetch: atlas.fetch });
  assert.equal(second.tokenCacheKey, first.tokenCacheKey);
  assert.equal(second.importToken(saved), true);
  await second.call('listProjects');
  assert.equal(atlas.tokensMinted(), 1);
  const other = new AtlasClient({ auth: serviceAccount('mdb_sa_other', 'sa-secret'), fetch: atlas.fetch });
  assert.equal(other.importToken(saved), false, 'another service account');
  assert.throws(() => other.importToken('not json'), BuildError);
  const keys = new AtlasClient({ auth: digest('pub', 'priv'), fetch: atlas.fetch });
  assert.equal(keys.tokenCacheKey, null);
  assert.equal(keys.exportToken(), null);
});

test('100 calls over two clients sharing a file token cache mint one token', async () => {
  const root = await mkdtemp(join(tmpdir(), 'atlas-js-tokens-'));
  try {
    const dir = join(root, 'tokens');
    const atlas = new MockAtlas().requireOAuth('mdb_sa_id', 'sa-secret', 3600);
    const make = () => new AtlasClient({ auth: serviceAccount('mdb_sa_id', 'sa-secret'), fetch: atlas.fetch, tokenCache: fileTokenCache(dir) });
    const first = make();
    for (let i = 0; i < 50; i++) await first.call('listProjects');
    const second = make();
    for (let i = 0; i < 50; i++) await second.call('listProjects');
    assert.equal(atlas.tokensMinted(), 1);
    assert.deepEqual(await readdir(dir), [`${first.tokenCacheKey}.json`]);
    assert.equal((await stat(join(dir, `${first.tokenCacheKey}.json`))).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.ok(atlas.received().every((r) => r.status !== 401));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a custom tokenCache (as a browser would give) is loaded once and saved after a fetch', async () => {
  const atlas = new MockAtlas().requireOAuth('mdb_sa_id', 'sa-secret', 3600);
  const store = new Map();
  const calls = [];
  const tokenCache = {
    load: async (key) => (calls.push(['load', key]), store.get(key) ?? null),
    save: (key, text) => (calls.push(['save', key]), store.set(key, text)),
  };
  const client = new AtlasClient({ auth: serviceAccount('mdb_sa_id', 'sa-secret'), fetch: atlas.fetch, tokenCache });
  await client.call('listProjects');
  await client.call('listProjects');
  const key = client.tokenCacheKey;
  assert.deepEqual(calls, [['load', key], ['save', key]]);
  assert.equal(store.get(key), client.exportToken());
  assert.throws(() => new AtlasClient({ auth: anonymous(), tokenCache: {} }), TypeError);
});

test('a token endpoint that limits minting: AuthError saying to share tokens', async () => {
  const atlas = new MockAtlas().requireOAuth('mdb_sa_id', 'sa-secret', 3600).limitTokenMinting(1);
  const mint = (retry) => new AtlasClient({ auth: serviceAccount('mdb_sa_id', 'sa-secret'), fetch: atlas.fetch, retry }).call('listProjects');
  await mint();
  await mint();
  assert.deepEqual(atlas.waits(), [10, 20, 40]);
  assert.equal(atlas.tokensMinted(), 2);
  const error = await mint({ maxAttempts: 2 }).catch((e) => e);
  assert.ok(error instanceof AuthError, String(error));
  assert.match(error.message, /limited to 1 requests every 1 minutes/);
  assert.match(error.message, /share one token between processes/);
});
