// Must NOT compile: listClusters has no `groupID` parameter (it is `groupId`).
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.clusters.listClusters({ groupID: '32b6e34b3d91647abb20e7b8' });
}
