// Loads the WebAssembly core once. In Node the module URL is a file: URL and fetch() cannot read
// it, so the bytes come from disk; in a browser the same URL is fetched. Top-level await keeps
// every other module synchronous: by the time anyone imports the package, the core is ready.
import init, * as core from './wasm/atlas_admin_wasm.js';

const wasmUrl = new URL('./wasm/atlas_admin_wasm_bg.wasm', import.meta.url);

if (wasmUrl.protocol === 'file:') {
  const { readFile } = await import('node:fs/promises');
  await init({ module_or_path: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

export { core };

const inNode = typeof process !== 'undefined' && Boolean(process.versions?.node);

/**
 * True outside Node-like runtimes (pages and workers alike): there scripts may not set
 * User-Agent, so the package neither builds nor sends it.
 */
export const inBrowser = !inNode;

export const PACKAGE_VERSION = '0.1.0';

/** What the package says about itself where it may: Node sends it, browsers send their own. */
export const defaultUserAgent = inNode ? `atlas-admin-js/${PACKAGE_VERSION} (node ${process.versions.node})` : '';
