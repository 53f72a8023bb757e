// Must NOT compile: `clusterCount` is read-only (Atlas sets it); a request cannot carry it.
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.projects.createGroup({}, { name: 'p', orgId: '32b6e34b3d91647abb20e7b8', clusterCount: 1 });
}
