// Must NOT compile: `groupId` and its alias `projectId` name the same parameter; give one.
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.clusters.listClusters({ groupId: '32b6e34b3d91647abb20e7b8', projectId: '32b6e34b3d91647abb20e7b8' });
}
