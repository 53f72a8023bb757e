import type { TokenCache } from './index.js';

/** `<dir>/<key>.json` (mode 0o600, `dir` created 0o700), for AtlasClient's `tokenCache`. */
export function fileTokenCache(dir: string): TokenCache;
