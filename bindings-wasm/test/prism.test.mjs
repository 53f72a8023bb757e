// Every operation of the current spec (2026-08-21) through AtlasClient and Node's fetch against
// Prism started with that spec (a validating mock). Prism answers 4xx to any request that breaks
// the spec, so a 4xx here is a defect of ours, except Prism's own known limits
// (tests/prism/known-limits.json, via support/known-limits.mjs). The operations Atlas removed are
// not in that spec; names.test.mjs checks that they still build and warn.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { request as httpRequest } from 'node:http';
import {
  ApiError,
  AtlasClient,
  bearer,
  buildRequest,
  chosenVersion,
  operations,
  parseResponse,
} from '../js/index.js';
import { GROUPS } from '../js/generated/groups.js';
import { KNOWN, knownPrismLimitation, violations } from './support/known-limits.mjs';
import { startPrism } from './support/prism.mjs';

const byId = new Map(operations().map((op) => [op.operationId, op]));
const fixtures = JSON.parse(
  readFileSync(new URL('../../tests/fixtures/requests.json', import.meta.url), 'utf8'),
).filter((call) => byId.get(call.operationId).removed === null);

let prism;
before(() => {
  prism = startPrism();
});
after(() => prism?.stop());

/** Prism answers with the lowest 2xx status unless told otherwise; ask for the version's own. */
function preferFor(operationId) {
  const version = chosenVersion(operationId);
  const first = byId.get(operationId).versions.find((v) => v.name === version)?.responses[0];
  return first ? { prefer: `code=${first.status}` } : {};
}

/** A client whose fetch remembers the last reply's headers (for Prism's sl-violations). */
function recordingClient(warnings) {
  const seen = { headers: undefined };
  const client = new AtlasClient({
    // Versions past their sunset by today's clock still go out; counted, not printed.
    onWarning: (w) => warnings.push(w),
    auth: bearer('x'),
    baseUrl: prism.url,
    // One attempt: a Prism 5xx must show up as that 5xx, not as minutes of back-off.
    retry: { maxAttempts: 1 },
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      seen.headers = response.headers;
      seen.bytes = (await response.clone().arrayBuffer()).byteLength;
      return response;
    },
  });
  return { client, seen };
}

/** Canonical id -> the typed method users call (`client.clusters.listClusters`), first per id. */
const typed = new Map();
for (const [group, methods] of Object.entries(GROUPS)) {
  for (const [method, [operationId, takesBody]] of Object.entries(methods)) {
    if (!typed.has(operationId)) typed.set(operationId, { group, method, takesBody: takesBody === 1 });
  }
}

test('all operations through their typed methods and Node\'s fetch against Prism', { timeout: 600_000 }, async (t) => {
  assert.equal(fixtures.length, 540);
  const warnings = [];
  const outcome = { unsendable: [], accepted: 0, parsed: 0, rejected: [], unparsed: [], defects: [], limits: [] };

  async function run(call, { client, seen }) {
    const id = call.operationId;
    const body = call.body === null ? undefined : call.body;
    const { group, method, takesBody } = typed.get(id);
    assert.ok(takesBody || body === undefined, `${id} has a body but its method takes none`);
    seen.headers = undefined;
    let value;
    try {
      const options = { headers: preferFor(id) };
      value = await (takesBody
        ? client[group][method](call.params, body, options)
        : client[group][method](call.params, options));
    } catch (e) {
      if (e.code === 'Unsendable') {
        outcome.unsendable.push(call);
        return;
      }
      const api = e;
      if (!(api instanceof ApiError)) {
        (e.name === 'BuildError' || e.name === 'TransportError' ? outcome.rejected : outcome.unparsed).push(
          `${id}: ${e.name}: ${e.message}`,
        );
        return;
      }
      if (api.status >= 400 && api.status < 500) {
        const found = violations(seen.headers?.get('sl-violations'), api.body);
        const kind = knownPrismLimitation(id, found);
        if (kind) outcome.limits.push(`${id}: ${kind}: ${found.join('; ')}`);
        else outcome.rejected.push(`${id}: ${api.status} ${api.message} ${found.join('; ')}`);
        return;
      }
      // A 5xx (Prism could not produce an example) must still arrive as an ApiError with its status.
      outcome.accepted++;
      outcome.parsed++;
      return;
    }
    outcome.accepted++;
    const defect = seen.headers?.get('sl-violations');
    if (defect) outcome.defects.push(`${id}: ${defect.slice(0, 300)}`);
    const problem = shapeProblem(seen, value);
    if (problem) outcome.unparsed.push(`${id}: ${problem}`);
    else outcome.parsed++;
  }

  // A few calls at a time, each worker with its own client (and so its own header record).
  const queue = [...fixtures];
  const workers = Array.from({ length: 4 }, async () => {
    const w = recordingClient(warnings);
    for (let call = queue.shift(); call; call = queue.shift()) await run(call, w);
  });
  await Promise.all(workers);

  // fetch cannot send a GET with a body, which the spec asks for once. The core's request for
  // it is still checked: built by buildRequest, sent with node:http, read by parseResponse.
  assert.deepEqual(
    outcome.unsendable.map((c) => c.operationId),
    ['searchOrgInvoiceLineItems'],
    'only the spec\'s GET-with-body operation may be refused by fetch',
  );
  for (const call of outcome.unsendable) {
    const id = call.operationId;
    const req = buildRequest(id, call.params, call.body, { baseUrl: prism.url });
    const reply = await sendWithNodeHttp(req, { authorization: 'Bearer x', ...preferFor(id) });
    if (reply.status >= 400 && reply.status < 500) {
      outcome.rejected.push(`${id} (node:http): ${reply.status} ${Buffer.from(reply.body).toString().slice(0, 300)}`);
      continue;
    }
    outcome.accepted++;
    parseResponse(id, reply.status, reply.headers, reply.body);
    outcome.parsed++;
  }

  t.diagnostic(`prism: ${outcome.accepted} of ${fixtures.length} operations accepted, ${outcome.parsed} replies parsed`);
  t.diagnostic(`prism: ${outcome.defects.length} replies flagged by Prism as breaking the spec's own response schema`);
  const perKind = {};
  for (const l of outcome.limits) perKind[l.split(': ')[1]] = (perKind[l.split(': ')[1]] ?? 0) + 1;
  t.diagnostic(`prism: ${outcome.limits.length} refusals for Prism's own limits (each checked): ${JSON.stringify(perKind)}: ${outcome.limits.map((l) => l.split(':')[0]).join(', ')}`);
  t.diagnostic(`prism: ${warnings.length} warnings (${[...new Set(warnings.map((w) => w.kind))].join(', ') || 'none'})`);
  assert.deepEqual(outcome.rejected, [], `${outcome.rejected.length} requests rejected`);
  assert.deepEqual(outcome.unparsed, [], `${outcome.unparsed.length} replies not parsed`);
  assert.equal(outcome.accepted + outcome.limits.length, fixtures.length);
  assert.equal(outcome.parsed, outcome.accepted);
  assert.ok(outcome.limits.length <= KNOWN.size);
  // Current operations never carry a "removed" warning.
  assert.deepEqual(warnings.filter((w) => w.kind === 'removed'), []);
});

/** One request over node:http, which (unlike fetch) sends a body with GET. */
function sendWithNodeHttp(req, extra) {
  return new Promise((resolve, reject) => {
    // An explicit length: without it node:http sends the body chunked, which Prism ignores on GET.
    const length = { 'content-length': String(req.body?.length ?? 0) };
    const headers = { ...extra, ...req.headers, ...length };
    const r = httpRequest(req.url, { method: req.method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: Object.entries(res.headers).map(([k, v]) => [k, String(v)]),
          body: new Uint8Array(Buffer.concat(chunks)),
        }),
      );
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Why a parsed value does not fit the reply (content type and size), or undefined when it does. */
function shapeProblem({ headers, bytes }, value) {
  const type = headers?.get('content-type') ?? '';
  if (bytes === 0) return value === undefined ? undefined : `empty reply parsed as ${typeof value}`;
  if (/json/i.test(type)) {
    // Any JSON value; Prism's examples include bare strings (createDatabaseUserCertificate).
    return value !== undefined && !(value instanceof Uint8Array)
      ? undefined
      : `${bytes}-byte JSON reply (${type}) parsed as ${typeof value}`;
  }
  if (/csv|yaml|text\//i.test(type)) return typeof value === 'string' ? undefined : `text reply parsed as ${typeof value}`;
  if (/gzip|octet-stream/i.test(type)) return value instanceof Uint8Array ? undefined : 'binary reply not bytes';
  return value === undefined ? `${bytes}-byte reply of type ${type} not parsed` : undefined;
}
