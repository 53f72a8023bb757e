// Benchmark (not a test): per-call cost of buildRequest/parseResponse in Node, and reading a
// 5 MB list response through the core vs plain JSON.parse. Also prints the package sizes.
//   node bindings-wasm/bench.mjs            a readable report
//   node bindings-wasm/bench.mjs --json     rows for bench/run (the repo-wide table)
// The 5 MB reply is $ATLAS_BENCH_DATA/clusters-5mb.json when bench/run provides it (the same
// file every language reads), else one synthesized here.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildRequest, parseResponse } from './js/index.js';

const asJson = process.argv.includes('--json');
const rows = [];
const say = (line) => {
  if (!asJson) console.log(line);
};

const groupId = '32b6e34b3d91647abb20e7b8';

/**
 * ns per call of each `[label, fn]`: the best of `batches` batches of `size` calls, after `warmup`
 * calls to let the JIT settle. The batches take turns, so a figure and its baseline meet the same
 * moments of a shared machine's load.
 */
function inTurns(cases, warmup, batches, size) {
  for (const [, fn] of cases) for (let i = 0; i < warmup; i++) fn(i);
  const ns = cases.map(() => Infinity);
  for (let batch = 0; batch < batches; batch++) {
    cases.forEach(([, fn], k) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < size; i++) fn(i);
      ns[k] = Math.min(ns[k], Number(process.hrtime.bigint() - t0) / size);
    });
  }
  return ns;
}

/** µs per call: `inTurns` with 5 batches of n/5 calls after n calls. */
function perCall(n, ...cases) {
  const us = inTurns(cases, n, 5, n / 5).map((ns) => ns / 1e3);
  cases.forEach(([label], k) => say(`${label.padEnd(52)} ${us[k].toFixed(2).padStart(9)} µs/call`));
  return us;
}

/** ms per run: `inTurns` with `runs` single runs after one. */
function best(runs, ...cases) {
  const ms = inTurns(cases, 1, runs, 1).map((ns) => ns / 1e6);
  cases.forEach(([label], k) => say(`${label.padEnd(52)} ${ms[k].toFixed(1).padStart(9)} ms (best of ${runs})`));
  return ms;
}

say(`node ${process.versions.node}, ${process.arch}\n`);
// Beside it, its first step, for how fast this process runs: on a shared host one process may
// run all of its JS 1.5x slower than the next.
const [simple, control] = perCall(
  20000,
  ['buildRequest getProject (GET, 1 param)', () => buildRequest('getProject', { groupId })],
  ['JSON.stringify of its params (host speed)', () => JSON.stringify({ groupId })],
);
const [list] = perCall(20000, [
  'buildRequest listClusters (GET, 3 params)',
  () => buildRequest('listClusters', { groupId, itemsPerPage: 10, includeCount: true }),
]);
const cluster = {
  name: 'c0',
  clusterType: 'REPLICASET',
  replicationSpecs: [
    {
      regionConfigs: [
        { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
      ],
    },
  ],
};
const [create] = perCall(20000, [
  'buildRequest createCluster (POST, validated body)',
  () => buildRequest('createCluster', { groupId }, cluster),
]);
const small = JSON.stringify({ id: groupId, name: 'p', orgId: groupId, clusterCount: 2, created: '2024-01-01T00:00:00Z' });
const ct = { 'content-type': 'application/vnd.atlas.2023-01-01+json' };
const [smallParse, smallPlain] = perCall(
  20000,
  ['parseResponse getProject (small JSON)', () => parseResponse('getProject', 200, ct, small)],
  ['JSON.parse of the same (baseline)', () => JSON.parse(small)],
);
const [apiError] = perCall(20000, ['parseResponse 404 ApiError', () => {
  try {
    parseResponse('getProject', 404, { 'content-type': 'application/json' }, '{"error":404,"errorCode":"GROUP_NOT_FOUND"}');
  } catch {
    /* expected */
  }
}]);

// ~5 MB list page.
const item = (i) => ({
  id: groupId.slice(0, 18) + String(i).padStart(6, '0'),
  name: `cluster-${i}`,
  clusterType: 'REPLICASET',
  mongoDBVersion: '7.0.14',
  stateName: 'IDLE',
  paused: false,
  createDate: '2024-01-01T00:00:00Z',
  connectionStrings: { standardSrv: `mongodb+srv://cluster-${i}.abcde.mongodb.net` },
  replicationSpecs: [{ id: groupId, zoneName: 'Zone 1', regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3, diskIOPS: 3000 } }] }],
  tags: [{ key: 'env', value: 'prod' }],
});
let bytes;
let items;
const shared = process.env.ATLAS_BENCH_DATA && `${process.env.ATLAS_BENCH_DATA}/clusters-5mb.json`;
if (shared && existsSync(shared)) {
  bytes = new Uint8Array(readFileSync(shared));
  items = `from ${shared}`;
} else {
  const results = [];
  let text = '';
  for (let i = 0; text.length < 5 * 1024 * 1024; i += 500) {
    for (let j = i; j < i + 500; j++) results.push(item(j));
    text = JSON.stringify({ results, totalCount: results.length });
  }
  bytes = new TextEncoder().encode(text);
  items = `${results.length} synthesized items`;
}
const text = new TextDecoder().decode(bytes);
say(`\nlist response: ${(bytes.length / 1e6).toFixed(2)} MB, ${items}`);
const listCt = { 'content-type': 'application/vnd.atlas.2024-08-05+json' };
const [core, plain] = best(
  10,
  ['parseResponse (bytes -> core -> JS objects)', () => parseResponse('listClusters', 200, listCt, bytes)],
  ['JSON.parse(new TextDecoder().decode(bytes))', () => JSON.parse(new TextDecoder().decode(bytes))],
  ['JSON.parse(string)', () => JSON.parse(text)],
);
say(`core / JSON.parse: ${(core / plain).toFixed(2)}x`);
const mbps = (ms) => `${(bytes.length / 1e6 / (ms / 1e3)).toFixed(0)} MB/s`;
const us = (v) => `${v.toFixed(2)} µs/op`;
rows.push(
  { what: 'parseResponse, 5 MB list', value: mbps(core), baseline: 'JSON.parse(TextDecoder)', baseline_value: mbps(plain), ratio: `${(plain / core).toFixed(2)}x` },
  { what: 'parseResponse getProject (small)', value: us(smallParse), baseline: 'JSON.parse', baseline_value: us(smallPlain), ratio: `${(smallPlain / smallParse).toFixed(2)}x` },
  { what: 'parseResponse 404 -> ApiError', value: us(apiError), baseline: '', baseline_value: '', ratio: '' },
  { what: 'buildRequest GET getProject', value: us(simple), baseline: 'JSON.stringify of its params, same process', baseline_value: us(control), ratio: `${(control / simple).toFixed(2)}x` },
  { what: 'buildRequest GET listClusters', value: us(list), baseline: 'GET getProject', baseline_value: us(simple), ratio: `${(simple / list).toFixed(2)}x` },
  { what: 'buildRequest POST createCluster (body checked)', value: us(create), baseline: 'GET getProject', baseline_value: us(simple), ratio: `${(simple / create).toFixed(2)}x` },
);

const dir = new URL('./js/wasm/', import.meta.url);
const wasm = readFileSync(new URL('atlas_admin_wasm_bg.wasm', dir));
const glue = readFileSync(new URL('atlas_admin_wasm.js', dir));
const pkgJs = readdirSync(new URL('./js/', import.meta.url))
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(new URL(`./js/${f}`, import.meta.url)));
pkgJs.push(readFileSync(new URL('./js/generated/groups.js', import.meta.url)));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const wasmGz = gzipSync(wasm, { level: 9 }).length;
const glueGz = gzipSync(glue, { level: 9 }).length;
const all = Buffer.concat(pkgJs);
const allGz = gzipSync(all, { level: 9 }).length;
const BUDGET = 300 * 1024;
say(`\n.wasm: ${kb(wasm.length)} raw, ${kb(wasmGz)} gzipped (budget ${kb(BUDGET)} gzipped)`);
say(`wasm-bindgen glue: ${kb(glue.length)} raw, ${kb(glueGz)} gzipped`);
say(`package JS modules: ${kb(all.length)} raw, ${kb(allGz)} gzipped`);
const dts = statSync(new URL('./js/generated/api.d.ts', import.meta.url)).size;
say(`generated api.d.ts: ${kb(dts)} (types only, not loaded at run time)`);
rows.push(
  { what: '.wasm gzipped (raw)', value: `${kb(wasmGz)} (${kb(wasm.length)})`, baseline: 'budget', baseline_value: kb(BUDGET), ratio: `${(wasmGz / BUDGET).toFixed(2)}x` },
  { what: 'JS glue + modules gzipped (raw)', value: `${kb(glueGz + allGz)} (${kb(glue.length + all.length)})`, baseline: '', baseline_value: '', ratio: '' },
);
if (asJson) console.log(JSON.stringify(rows, null, 2));
