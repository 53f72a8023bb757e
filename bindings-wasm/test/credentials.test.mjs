// Credentials and defaults where users keep them (issue 13): a client given no `auth` reads
// Node's environment by the core's rules (the Atlas CLI's variables too), finds nothing and
// refuses before sending; `anonymous()` is the explicit choice of no credentials. `node --test`
// runs each file in a process of its own, so setting process.env here touches no other test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AtlasClient, AuthError, BuildError, anonymous, bearer } from '../js/index.js';
import { MockAtlas } from '../js/testing.js';

const groupId = '32b6e34b3d91647abb20e7b8';

/** Runs `fn` with exactly `vars` among the MONGODB_ATLAS_* variables, then puts them back. */
async function withEnv(vars, fn) {
  const saved = Object.entries(process.env).filter(([name]) => name.startsWith('MONGODB_ATLAS_'));
  for (const [name] of saved) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const name of Object.keys(vars)) delete process.env[name];
    Object.assign(process.env, Object.fromEntries(saved));
  }
}

/** `atlas.fetch`, also noting each URL it was asked for (the mock notes paths only). */
function recording(atlas) {
  const urls = [];
  const fetch = Object.assign((url, init) => (urls.push(String(url)), atlas.fetch(url, init)), { clock: atlas.clock });
  return { fetch, urls };
}

test('no auth and nothing in the environment: a call fails before sending, saying where credentials are looked for', async () => {
  await withEnv({}, async () => {
    const atlas = new MockAtlas();
    const client = new AtlasClient({ fetch: atlas.fetch });
    const error = await client.projects.getProject({ groupId }).then(() => assert.fail('sent'), (e) => e);
    assert.ok(error instanceof AuthError, String(error));
    assert.match(error.message, /MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET/);
    assert.match(error.message, /MONGODB_ATLAS_PUBLIC_API_KEY/);
    assert.deepEqual(atlas.received(), [], 'nothing was sent');
  });
});

test("the Atlas CLI's variables give the service account, the base URL and the default project", async () => {
  const env = {
    MONGODB_ATLAS_CLIENT_ID: 'mdb_sa_id_env',
    MONGODB_ATLAS_CLIENT_SECRET: 'env-secret-never-shown',
    MONGODB_ATLAS_OPS_MANAGER_URL: 'https://cloud-qa.mongodb.com',
    MONGODB_ATLAS_PROJECT_ID: groupId,
  };
  await withEnv(env, async () => {
    const atlas = new MockAtlas().requireOAuth('mdb_sa_id_env', 'env-secret-never-shown');
    const { fetch, urls } = recording(atlas);
    const client = new AtlasClient({ fetch });
    await client.projects.getProject({});
    const [token, get] = atlas.received();
    assert.match(token.target, /oauth\/token/);
    assert.deepEqual([get.operation, get.status, get.authScheme], ['getGroup', 200, 'Bearer']);
    assert.equal(urls.at(-1), `https://cloud-qa.mongodb.com/api/atlas/v2/groups/${groupId}`);
  });
});

test('an API key under the Atlas CLI names answers Digest; what the caller passes wins', async () => {
  const env = {
    MONGODB_ATLAS_PUBLIC_API_KEY: 'pub-env',
    MONGODB_ATLAS_PRIVATE_API_KEY: 'priv-env',
    MONGODB_ATLAS_PROJECT_ID: '000000000000000000000000',
  };
  await withEnv(env, async () => {
    const atlas = new MockAtlas().requireDigest('pub-env', 'priv-env');
    const client = new AtlasClient({ fetch: atlas.fetch });
    await client.projects.getProject({ groupId });
    assert.deepEqual(atlas.received().map((r) => [r.status, r.authScheme]), [[401, null], [200, 'Digest']]);
    assert.ok(atlas.received().every((r) => r.target.includes(groupId)), 'the groupId given wins');
    const mine = new MockAtlas();
    const { fetch, urls } = recording(mine);
    await new AtlasClient({ fetch, auth: bearer('mine'), baseUrl: 'http://127.0.0.1:9' }).projects.getProject({ groupId });
    assert.equal(mine.received()[0].authScheme, 'Bearer');
    assert.ok(urls[0].startsWith('http://127.0.0.1:9/'), urls[0]);
  });
});

test('anonymous() sends no Authorization, even with credentials in the environment', async () => {
  await withEnv({ MONGODB_ATLAS_CLIENT_ID: 'id', MONGODB_ATLAS_CLIENT_SECRET: 's' }, async () => {
    const atlas = new MockAtlas();
    await new AtlasClient({ fetch: atlas.fetch, auth: anonymous() }).projects.getProject({ groupId });
    assert.deepEqual(atlas.received().map((r) => [r.operation, r.authScheme]), [['getGroup', null]]);
    assert.equal(String(anonymous()), 'anonymous()');
  });
});

test('half a pair in the environment is refused when the client is created, naming both variables', async () => {
  await withEnv({ MONGODB_ATLAS_PUBLIC_API_KEY: 'pub', MONGODB_ATLAS_CLIENT_SECRET: 'half-secret' }, () => {
    assert.throws(
      () => new AtlasClient({ fetch: new MockAtlas().fetch }),
      (e) =>
        e instanceof BuildError &&
        /MONGODB_ATLAS_PUBLIC_API_KEY is set but MONGODB_ATLAS_PRIVATE_KEY is not/.test(e.message) &&
        !e.message.includes('half-secret'),
    );
  });
});
