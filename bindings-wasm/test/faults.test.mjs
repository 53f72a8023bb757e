// The shared fault matrix (tests/contract/faults.json) through Node's own fetch, the client's
// default transport, against the fault server (tests/faults/server.py) on 127.0.0.1. The Rust,
// Python and Kotlin suites run the same table through theirs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as pkg from '../js/index.js';

const { AtlasClient, AtlasError, anonymous, digest, serviceAccount } = pkg;
const tablePath = fileURLToPath(new URL('../../tests/contract/faults.json', import.meta.url));
const serverPath = fileURLToPath(new URL('../../tests/faults/server.py', import.meta.url));
const table = JSON.parse(readFileSync(tablePath, 'utf8'));

/** tests/faults/server.py on an ephemeral loopback port; closing its stdin stops it. */
let server;
before(async () => {
  const child = spawn(process.env.PYTHON ?? 'python3', [serverPath, tablePath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value]);
  server = { child, ...JSON.parse(line) };
});
after(() => server?.child.stdin.end());

function baseUrl(c) {
  return `http://127.0.0.1:${c.server === 'refused' ? server.refusedPort : server.port}/${c.id}`;
}

async function requestsOf(c) {
  return (await fetch(`http://127.0.0.1:${server.port}/${c.id}/_faults/requests`)).json();
}

function credentials(c) {
  if (c.kind === 'none') return anonymous();
  if (c.kind === 'apiKey') return digest(c.publicKey, c.privateKey);
  if (c.kind === 'serviceAccount') return serviceAccount(c.clientId, c.clientSecret);
  throw new Error(`unknown credentials kind ${c.kind}`);
}

async function play(c, client) {
  if (!c.paged) return client.call(c.operation, c.params, c.body, c.options);
  const ids = [];
  for await (const item of client.paginate(c.operation, c.params, c.options)) ids.push(item.id);
  return ids;
}

for (const c of table.cases) {
  test(`fault case: ${c.name}`, async () => {
    const events = [];
    // No fetch given: Node's own is what is under test.
    const client = new AtlasClient({ ...table.config, baseUrl: baseUrl(c), auth: credentials(c.credentials), onEvent: (e) => events.push(e) });
    const { expect } = c;
    const texts = [];
    const started = performance.now();
    if (expect.error) {
      const error = await play(c, client).then(
        (v) => assert.fail(`resolved with ${JSON.stringify(v)}`),
        (e) => e,
      );
      assert.ok(error instanceof AtlasError, String(error));
      texts.push(error.message, String(error.stack), JSON.stringify({ ...error }));
      assert.equal(error.name, expect.error.class, error.message);
      for (const [field, want] of Object.entries(expect.error)) {
        if (field !== 'class') assert.deepEqual(error[field] ?? null, want, `field ${field}`);
      }
    } else {
      const got = await play(c, client);
      if (expect.items) assert.deepEqual(got, expect.items);
      for (const [field, want] of Object.entries(expect.result ?? {})) assert.deepEqual(got[field], want, field);
    }
    const took = (performance.now() - started) / 1000;
    assert.ok(took < table.withinSeconds, `took ${took.toFixed(1)} s`);
    assert.deepEqual(await requestsOf(c), expect.requests);
    assert.ok(events.length > 0, 'no events to look for secrets in');
    texts.push(JSON.stringify(events));
    for (const secret of table.secrets) {
      for (const text of texts) assert.ok(!text.includes(secret), `${secret} shown in ${text}`);
    }
  });
}
