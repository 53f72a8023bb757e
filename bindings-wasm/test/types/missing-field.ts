// Must NOT compile: a project needs `orgId` (the spec requires it in the request body).
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.projects.createGroup({}, { name: 'p' });
}
