// Serves dist/ (server.mjs), opens it in Debian's Chromium through playwright-core and asserts
// what the page shows: the request built sans-IO and the call's result from the local server.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { MEDIA, serve } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const GROUP = '5f1e2d3c4b5a697887766554';

// Vite must have emitted the package's .wasm as an asset of the build (new URL(…, import.meta.url)).
const wasm = readdirSync('dist/assets').filter((f) => f.endsWith('.wasm'));
assert.equal(wasm.length, 1, `dist/assets has no single .wasm: ${readdirSync('dist/assets')}`);

const site = await serve('dist');
const profile = mkdtempSync(join(tmpdir(), 'atlas-admin-pkg-chromium-'));
let browser;
try {
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
  await page.goto(`${site.url}/`);
  await page.waitForSelector('#out[data-done="1"]', { timeout: 60_000 });
  const text = await page.textContent('#out');
  console.log(`page shows: ${text}`);
  const r = JSON.parse(text);
  assert.ok(r.ok, `the page failed: ${r.error}; ${errors.join('; ')}`);
  assert.deepEqual(r.built, {
    method: 'GET',
    url: `${site.url}/api/atlas/v2/groups/${GROUP}/clusters?itemsPerPage=5`,
    accept: MEDIA,
  });
  assert.ok(r.operations > 500, `operations(): ${r.operations}`);
  assert.deepEqual(r.clusters, ['packaged-cluster:IDLE', 'second:CREATING']);
  assert.equal(r.totalCount, 2);
  assert.deepEqual(site.seen, [
    { method: 'GET', path: `/api/atlas/v2/groups/${GROUP}/clusters`, query: '?itemsPerPage=5', accept: MEDIA },
  ]);
  assert.deepEqual(errors, []);
  console.log(`npm package: Vite build (${wasm[0]}) in Chromium called the local server: ok`);
} finally {
  await browser?.close();
  await site.close();
  rmSync(profile, { recursive: true, force: true });
}
