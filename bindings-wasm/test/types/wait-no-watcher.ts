// Must NOT compile: listClusters starts no work the spec says how to wait for, so it takes no `wait`.
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.clusters.listClusters({ groupId: '32b6e34b3d91647abb20e7b8' }, { wait: true });
}
