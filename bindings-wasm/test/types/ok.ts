// Compiles cleanly: typed methods (current names and the first release's), request-shaped
// bodies, schema interfaces, typed call/paginate, warnings and errors, waits.
import {
  AtlasClient,
  ApiError,
  VersionGone,
  bearer,
  buildRequest,
  WaitError,
  operations,
  type AtlasWarning,
  type ClusterDescription20240805,
  type ClusterDescription20240805Input,
  type Waited,
  type WaitableOperationId,
  type WaitOptions,
  type WatcherInfo,
  type Group,
  type GroupInput,
  RateLimited,
  serviceAccount,
  type TokenBucket,
  type TokenCache,
} from '../../js/index.js';
import { fileTokenCache } from '../../js/node.js';

const warnings: AtlasWarning[] = [];
const client = new AtlasClient({
  auth: bearer('token'),
  baseUrl: 'http://127.0.0.1:1',
  onWarning: (w) => {
    warnings.push(w);
    if (w.kind === 'past_sunset') console.log(w.version, w.sunset, w.newest);
    else console.log(w.lastListed);
  },
});
const groupId = '32b6e34b3d91647abb20e7b8';

export async function sample(): Promise<void> {
  // A project from just the fields a request needs: the read-only `created`, `clusterCount`
  // and `id` are not part of the request type.
  const project: Group = await client.projects.createGroup({}, { name: 'p', orgId: groupId });
  const body: GroupInput = { name: 'p', orgId: groupId, tags: [{ key: 'env', value: 'test' }] };
  // The first release's names still compile (deprecated aliases of the same operations).
  const again = await client.projects.createProject({}, body);
  const listed = await client.projects.listProjects({ itemsPerPage: 5 });
  console.log(project.created, project.clusterCount, again.id, listed.totalCount);

  const page = await client.clusters.listClusters({ groupId, itemsPerPage: 10 });
  const names: Array<string | undefined> = (page.results ?? []).map((c) => c.name);
  // The parameter alias the spec declares, instead of groupId.
  await client.clusters.listClusters({ projectId: groupId });

  const cluster: ClusterDescription20240805Input = { name: 'c0', clusterType: 'REPLICASET' };
  const created = await client.clusters.createCluster({ groupId }, cluster);
  const state: string | undefined = created.stateName;

  for await (const p of client.paginate('listGroups', { itemsPerPage: 50 })) {
    const g: Group = p;
    console.log(g.name, names, state);
  }
  for await (const p of client.paginate('listProjects', { itemsPerPage: 50 })) console.log(p.orgId);
  const projects = await client.call('listProjects', { includeCount: true });
  console.log(projects.totalCount);
  const byShortName = await client.call('listClusters', { groupId });
  const byId = await client.call('listGroupClusters', { groupId });
  console.log(byShortName.results?.length, byId.results?.length);
  const req = buildRequest('getProject', { groupId });
  console.log(req.url, req.headers['accept']);
  try {
    await client.projects.getProject({ groupId: 'x' }, { version: '2023-01-01', headers: { prefer: 'code=200' } });
  } catch (e) {
    if (e instanceof VersionGone) console.log(e.operation, e.status, e.retryAfter);
    else if (e instanceof ApiError) console.log(e.status, e.errorCode, e.badRequestDetail?.fields);
  }
}

// Waiting: the typed methods of operations with a watcher, call(…, {wait}), client.wait.
export async function waiting(): Promise<void> {
  const options: WaitOptions = { timeout: 1800, interval: 10, maxInterval: 60 };
  const idle: ClusterDescription20240805 = await client.clusters.createCluster({ groupId }, { name: 'c1' }, { wait: true });
  const gone: undefined = await client.clusters.deleteCluster({ groupId, clusterName: 'c1' }, { wait: options });
  const plain = await client.clusters.createCluster({ groupId }, { name: 'c2' });
  const updated = await client.call('updateGroupCluster', { groupId, clusterName: 'c1' }, { paused: true }, { wait: true, signal: AbortSignal.timeout(5000) });
  const { data, metadata } = await client.call('createCluster', { groupId }, { name: 'c3' }, { wait: options, withMetadata: true });
  const waited: Waited['deleteGroupCluster'] = await client.call('deleteCluster', { groupId, clusterName: 'c1' }, undefined, { wait: true });
  const exportJob = await client.call('createBackupExport', { groupId, clusterName: 'c1' }, { snapshotId: groupId, exportBucketId: groupId }, { wait: true });
  const state: string | undefined = exportJob.state;
  const phase = await client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'status.phase', values: ['DONE'], failed: ['FAILED'], timeout: 600 });
  const deleted: undefined = await client.wait('getCluster', { groupId, clusterName: 'c1' }, { gone: true, interval: 1 });
  const withMeta = await client.wait('getCluster', { groupId, clusterName: 'c1' }, { path: 'stateName', values: ['IDLE'], withMetadata: true });
  const names: WaitableOperationId[] = ['createCluster', 'createGroupCluster', 'deleteCluster'];
  const watcher: WatcherInfo | null = operations()[0].watcher;
  try {
    await client.call('createCluster', { groupId }, { name: 'c4' }, { wait: true });
  } catch (e) {
    if (e instanceof WaitError) console.log(e.operation, e.message);
  }
  console.log(idle.stateName, gone, plain.stateName, updated.stateName, data.stateName, metadata.attempts, waited, state);
  console.log(phase.stateName, deleted, withMeta.data.stateName, withMeta.metadata.status, names, watcher?.until);
}

// Rate limits and token reuse.
export async function limits(): Promise<void> {
  const memory = new Map<string, string>();
  const browserCache: TokenCache = { load: (k) => memory.get(k) ?? null, save: (k, t) => void memory.set(k, t) };
  const shared = new AtlasClient({ auth: serviceAccount('id', 'secret'), tokenCache: fileTokenCache('/tmp/tokens') });
  const other = new AtlasClient({ auth: serviceAccount('id', 'secret'), tokenCache: browserCache });
  const key: string | null = shared.tokenCacheKey;
  const saved: string | null = shared.exportToken();
  if (saved !== null && key !== null) console.log(other.importToken(saved));
  try {
    await shared.call('listGroups');
  } catch (e) {
    if (e instanceof RateLimited) {
      const bucket: TokenBucket | null = e.rateLimit;
      console.log(bucket?.path, bucket?.refillRate, bucket?.refillDurationSeconds, e.retryAfter);
    }
  }
}
