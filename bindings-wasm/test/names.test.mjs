// Names never break. Code written against the first release (the 2025-06-05 spec's operationIds,
// its tag groups) still builds and reaches the same endpoint; the operations Atlas removed since
// still build, and every call to one warns. No server: requests are built, or caught by a
// stand-in fetch.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AtlasClient, TransportError, anonymous, buildRequest, operations } from '../js/index.js';
import { GROUPS } from '../js/generated/groups.js';

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const spec2025 = readJson('../../../shared/openapi/atlas-admin-v2.json');
const fixtures2025 = readJson('../../tests/fixtures/requests-2025-06-05.json');
const fixtures = readJson('../../tests/fixtures/requests.json');
const byId = new Map(operations().map((op) => [op.operationId, op]));

/** The 2025 spec's operations by id: method, path template, tag. */
const routes2025 = new Map();
for (const [path, item] of Object.entries(spec2025.paths)) {
  for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
    const op = item[method];
    if (op) routes2025.set(op.operationId, { method: method.toUpperCase(), path, tag: op.tags[0] });
  }
}

// Rules the 2026-08-21 spec added: these first-release calls were valid in 2025-06-05 and Atlas
// now refuses them, so the core refuses them before sending, naming the rule (the name still
// reaches the same endpoint). The same list as core/tests/names.rs.
const TIGHTENED = new Map([
  ['addAllTeamsToProject', '`[0].roleNames` is required'],
  ['createCustomZoneMapping', '`customZoneMappings` is required'],
  ['createDatabaseUser', '`roles` is required'],
  ['createPushMigration', '`migrationHosts` is required'],
  ['createRoleMapping', '`roleAssignments` is required'],
  ['createRollingIndex', '`keys` is required'],
  ['createUser', '`roles` is required'],
  ['listAccessLogsByClusterName', '`end` value 1 is below the minimum'],
  ['listAccessLogsByHostname', '`end` value 1 is below the minimum'],
  ['updateBackupSchedule', '`policies` is required'],
  ['updateDatabaseUser', '`roles` is required'],
  ['updateRoleMapping', '`roleAssignments` is required'],
  ['updateTeamRoles', '`roleNames` is required'],
  ['validateMigration', '`migrationHosts` is required'],
]);

/** The operation a name resolves to, by operations()' names; undefined when none or several. */
function owner(name) {
  const found = operations().filter((op) => op.names.includes(name));
  return found.length === 1 ? found[0] : undefined;
}

/** A refusal for a rule the 2026 spec added, of a name that still reaches the 2025 endpoint. */
function tightened(id, error, route) {
  const rule = TIGHTENED.get(id);
  const op = owner(id);
  return (
    rule !== undefined &&
    ['InvalidBodyField', 'InvalidParameter'].includes(error.code) &&
    error.message.includes(rule) &&
    op?.method === route.method &&
    op?.path === route.path
  );
}

/** Whether `url` is `template` with the call's path parameters, each one whole segment. */
function samePath(url, template, params) {
  const segments = new URL(url).pathname.split('/');
  const expected = template.split('/');
  if (segments.length !== expected.length) return false;
  return expected.every((part, i) => {
    const value = decodeURIComponent(segments[i]);
    // `{name}` alone or inside a segment (`{logName}.gz`, `{id}:accept`).
    const pattern = new RegExp(
      `^${part.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name) => `(?<${name}>.+)`)}$`,
    );
    const m = value.match(pattern);
    if (!m) return false;
    return Object.entries(m.groups ?? {}).every(([name, v]) => v === String(params[name] ?? params.projectId));
  });
}

/** `Clusters` -> `clusters`, `AWS Clusters DNS` -> `awsClustersDNS` (codegen's rule). */
function groupName(tag) {
  const words = tag.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1))).join('');
}

test('every call of the first release still builds, to the method and path the 2025 spec gives', () => {
  assert.equal(fixtures2025.length, 466);
  const wrong = [];
  const refused = [];
  for (const call of fixtures2025) {
    const id = call.operationId;
    const route = routes2025.get(id);
    assert.ok(route, id);
    let req;
    try {
      req = buildRequest(id, call.params, call.body ?? undefined);
    } catch (e) {
      if (tightened(id, e, route)) refused.push(id);
      // The one ambiguous name: refused rather than switched; the typed method keeps it.
      else if (!(id === 'removeUserFromTeam' && e.code === 'AmbiguousOperation')) wrong.push(`${id}: ${e.message}`);
      continue;
    }
    if (req.method !== route.method || !samePath(req.url, route.path, call.params)) {
      wrong.push(`${id}: ${req.method} ${req.url}, not ${route.method} ${route.path}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(refused, [...TIGHTENED.keys()]);
});

test('every method of the first release is still on the client, in its group, reaching the same endpoint', async () => {
  const sent = [];
  const client = new AtlasClient({
    auth: anonymous(),
    retry: { maxAttempts: 1 },
    onWarning: () => {},
    fetch: async (url, init) => {
      sent.push({ url, method: init.method });
      throw new TypeError('stand-in fetch: recorded');
    },
  });
  const wrong = [];
  const refused = [];
  for (const call of fixtures2025) {
    const id = call.operationId;
    const route = routes2025.get(id);
    const group = groupName(route.tag);
    const entry = GROUPS[group]?.[id];
    if (typeof client[group]?.[id] !== 'function' || !entry) {
      wrong.push(`${group}.${id} is missing`);
      continue;
    }
    const [, takesBody] = entry;
    sent.length = 0;
    const body = call.body ?? undefined;
    const outcome = takesBody ? client[group][id](call.params, body, {}) : client[group][id](call.params, {});
    await outcome.then(
      () => wrong.push(`${id}: resolved from a fetch that throws`),
      (e) => {
        // fetch cannot carry a GET with a body (the one invoice search); built, never sent.
        if (e.code === 'Unsendable' && route.method === 'GET') return;
        if (tightened(id, e, route)) refused.push(id);
        else if (!(e instanceof TransportError)) wrong.push(`${id}: ${e.name}: ${e.message}`);
      },
    );
    if (sent.length === 0) {
      if (!refused.includes(id) && (route.method !== 'GET' || !body)) wrong.push(`${id}: nothing sent`);
      continue;
    }
    const [{ url, method }] = sent;
    if (method !== route.method || !samePath(url, route.path, call.params)) {
      wrong.push(`${group}.${id}: ${method} ${url}, not ${route.method} ${route.path}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(refused, [...TIGHTENED.keys()]);
});

test('every removed operation still builds, and every call to one warns that Atlas no longer lists it', async () => {
  const removed = fixtures.filter((call) => byId.get(call.operationId).removed !== null);
  assert.equal(removed.length, 35);
  const warnings = [];
  const sent = [];
  const client = new AtlasClient({
    auth: anonymous(),
    retry: { maxAttempts: 1 },
    onWarning: (w) => warnings.push(w),
    fetch: async (url, init) => {
      sent.push({ url, method: init.method });
      throw new TypeError('stand-in fetch: recorded');
    },
  });
  for (const call of removed) {
    const op = byId.get(call.operationId);
    const body = call.body ?? undefined;
    const req = buildRequest(op.operationId, call.params, body);
    assert.equal(req.method, op.method, op.operationId);
    assert.ok(samePath(req.url, op.path, call.params), `${op.operationId}: ${req.url} is not ${op.path}`);

    warnings.length = 0;
    sent.length = 0;
    await assert.rejects(client.call(op.operationId, call.params, body), TransportError);
    assert.equal(sent.length, 1, `${op.operationId} is sent all the same`);
    assert.equal(sent[0].url, req.url);
    const w = warnings.find((x) => x.kind === 'removed');
    assert.ok(w, `${op.operationId} did not warn`);
    assert.equal(w.operation, op.operationId);
    assert.equal(w.lastListed, op.removed);
    assert.match(w.message, /Atlas no longer lists this operation/);
  }
});
