// A user's app: imports the installed package by name (Vite bundles it), builds one request
// sans-IO and makes one call through the client against the page's own origin (server.mjs
// answers the Atlas path there). The result is written into the page for check.mjs to read.
import { AtlasClient, anonymous, buildRequest, operations } from 'atlas-admin';

const out = document.getElementById('out');
const GROUP = '5f1e2d3c4b5a697887766554';

try {
  const built = buildRequest('listClusters', { groupId: GROUP, itemsPerPage: 5 }, undefined, {
    baseUrl: location.origin,
  });
  const client = new AtlasClient({ auth: anonymous(), baseUrl: location.origin });
  const page = await client.clusters.listClusters({ groupId: GROUP, itemsPerPage: 5 });
  out.textContent = JSON.stringify({
    ok: true,
    operations: operations().length,
    built: { method: built.method, url: built.url, accept: built.headers.accept },
    clusters: page.results.map((c) => `${c.name}:${c.stateName}`),
    totalCount: page.totalCount,
  });
} catch (e) {
  out.textContent = JSON.stringify({ ok: false, error: `${e?.name}: ${e?.message}` });
}
out.dataset.done = '1';
