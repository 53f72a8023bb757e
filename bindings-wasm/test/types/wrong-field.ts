// Must NOT compile: `clusterTyp` is not a field of any createCluster body version.
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.clusters.createCluster({ groupId: '32b6e34b3d91647abb20e7b8' }, { name: 'c0', clusterTyp: 'REPLICASET' });
}
