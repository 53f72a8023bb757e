// HTTP Digest from Node against a real server (httpbin's /digest-auth), through AtlasClient's
// raw requests: the core answers the challenge, then reuses the nonce (one round trip a call).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { AtlasClient, AuthError, digest } from '../js/index.js';
import { startHttpbin } from './support/httpbin.mjs';

let httpbin;
before(async () => {
  httpbin = await startHttpbin();
});
after(() => httpbin?.stop());

/** A client whose fetch counts round trips. */
function countingClient(auth) {
  const counter = { trips: 0 };
  const client = new AtlasClient({
    auth,
    retry: { maxAttempts: 1 },
    fetch: (url, init) => {
      counter.trips++;
      return fetch(url, init);
    },
  });
  return { client, counter };
}

for (const algorithm of ['MD5', 'SHA-256']) {
  test(`digest ${algorithm}: one challenge, then one round trip per call`, async (t) => {
    const url = `${httpbin.url}/digest-auth/auth/alice/s3cret-key/${algorithm}`;
    const { client, counter } = countingClient(digest('alice', 's3cret-key'));
    for (let i = 0; i < 50; i++) {
      const body = await client.request({ method: 'GET', url });
      assert.deepEqual(body, { authenticated: true, user: 'alice' }, `call ${i}`);
    }
    t.diagnostic(`${algorithm}: 50 calls took ${counter.trips} round trips`);
    assert.equal(counter.trips, 51);
  });

  test(`digest ${algorithm}: a wrong key is refused once, without leaking it`, async () => {
    const url = `${httpbin.url}/digest-auth/auth/alice/s3cret-key/${algorithm}`;
    const auth = digest('alice', 'not-the-key');
    const { client, counter } = countingClient(auth);
    const error = await client.request({ method: 'GET', url }).then(
      () => assert.fail('a wrong key was accepted'),
      (e) => e,
    );
    assert.equal(counter.trips, 2, 'the challenge is answered once');
    assert.ok(error instanceof AuthError, inspect(error));
    assert.equal(error.status, 401);
    assert.match(error.message, /refused the API key alice/);
    for (const shown of [error.message, error.stack, inspect(error), inspect(auth), JSON.stringify(auth), String(auth), inspect(client)]) {
      assert.ok(!shown.includes('not-the-key'), `secret leaked: ${shown}`);
    }
  });
}
