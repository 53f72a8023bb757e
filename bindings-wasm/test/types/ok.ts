// Compiles cleanly: typed methods, schema interfaces, typed call/paginate and errors.
import {
  AtlasClient,
  ApiError,
  bearer,
  buildRequest,
  type ClusterDescription20240805,
  type Group,
} from '../../js/index.js';

const client = new AtlasClient({ auth: bearer('token'), baseUrl: 'http://127.0.0.1:1' });

export async function sample(): Promise<void> {
  const page = await client.clusters.listClusters({ groupId: '32b6e34b3d91647abb20e7b8', itemsPerPage: 10 });
  const names: Array<string | undefined> = (page.results ?? []).map((c) => c.name);

  const cluster: ClusterDescription20240805 = { name: 'c0', clusterType: 'REPLICASET' };
  const created = await client.clusters.createCluster({ groupId: '32b6e34b3d91647abb20e7b8' }, cluster);
  const state: string | undefined = created.stateName;

  for await (const project of client.paginate('listProjects', { itemsPerPage: 50 })) {
    const p: Group = project;
    console.log(p.name, names, state);
  }
  const projects = await client.call('listProjects', { includeCount: true });
  console.log(projects.totalCount);
  const req = buildRequest('getProject', { groupId: '32b6e34b3d91647abb20e7b8' });
  console.log(req.url, req.headers['accept']);
  try {
    await client.projects.getProject({ groupId: 'x' }, { version: '2023-01-01', headers: { prefer: 'code=200' } });
  } catch (e) {
    if (e instanceof ApiError) console.log(e.status, e.errorCode, e.badRequestDetail?.fields);
  }
}
