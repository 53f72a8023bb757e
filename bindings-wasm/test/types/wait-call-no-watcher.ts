// Must NOT compile: `call(…, { wait })` only for operations with a watcher (WaitableOperationId).
import { AtlasClient } from '../../js/index.js';

const client = new AtlasClient();

export async function sample(): Promise<void> {
  await client.call('getGroup', { groupId: '32b6e34b3d91647abb20e7b8' }, undefined, { wait: { timeout: 60 } });
}
