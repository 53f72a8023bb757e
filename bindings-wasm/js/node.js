// atlas-admin/node: what only Node has (the file system). Never imported by the browser entry.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A token cache for AtlasClient's `tokenCache` option: `<dir>/<key>.json`, the file mode 0o600
 * and `dir` created 0o700 (it holds a token). Every process on the machine pointing at the same
 * directory shares one token per service account instead of minting its own.
 */
export function fileTokenCache(dir) {
  const file = (key) => {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new TypeError(`not a token cache key: ${key}`);
    return join(dir, `${key}.json`);
  };
  return Object.freeze({
    async load(key) {
      try {
        return await readFile(file(key), 'utf8');
      } catch (e) {
        if (e?.code === 'ENOENT') return null;
        throw e;
      }
    },
    async save(key, text) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = file(key);
      // Written whole under another name, then renamed: a reader never sees half a token.
      const partial = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(partial, text, { mode: 0o600 });
      await chmod(partial, 0o600);
      await rename(partial, path);
    },
  });
}
