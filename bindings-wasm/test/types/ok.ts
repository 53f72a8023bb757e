// Compiles cleanly: typed methods (current names and the first release's), request-shaped
// bodies, schema interfaces, typed call/paginate, warnings and errors.
import {
  AtlasClient,
  ApiError,
  VersionGone,
  bearer,
  buildRequest,
  type AtlasWarning,
  type ClusterDescription20240805Input,
  type Group,
  type GroupInput,
} from '../../js/index.js';

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
