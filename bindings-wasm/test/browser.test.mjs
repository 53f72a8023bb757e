// The package in a real browser: Debian's Chromium (headless, driven by playwright-core) loads
// a page from a local static server; the page imports the package and calls Prism on another
// origin (Prism answers CORS preflights itself, so no proxy is needed). The test reads the
// page's results.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startPrism } from './support/prism.mjs';
import { serveDirectory } from './support/static-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const packageDir = fileURLToPath(new URL('..', import.meta.url));

let prism;
let site;
let browser;
let profile;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (test.sh does)`);
  prism = startPrism();
  site = await serveDirectory(packageDir);
  profile = mkdtempSync(join(tmpdir(), 'atlas-admin-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
  prism?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('list, get, create and errors from a browser page', { timeout: 120_000 }, async (t) => {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`${m.text()} (${m.location().url})`));
  const url = `${site.url}/test/browser/index.html?prism=${encodeURIComponent(prism.url)}`;
  await page.goto(url);
  await page.waitForFunction(() => window.results !== undefined, null, { timeout: 60_000 });
  const r = await page.evaluate(() => window.results);
  t.diagnostic(`browser: ${r.userAgent}`);

  assert.match(r.userAgent, /HeadlessChrome|Chrome/);
  assert.equal(r.operations, 575);
  // Browsers forbid scripts to set User-Agent: the package does not even build it there.
  assert.deepEqual(r.builtHeaders, ['accept']);

  assert.ok(r.list.ok, `list failed: ${r.list.message}`);
  assert.ok(Array.isArray(r.list.value) && r.list.value.length >= 1);
  assert.match(r.list.value[0].id, /^[a-f0-9]{24}$/);

  assert.ok(r.get.ok, `get failed: ${r.get.message}`);
  assert.equal(typeof r.get.value.name, 'string');
  assert.match(r.get.value.id, /^[a-f0-9]{24}$/);

  assert.ok(r.create.ok, `create failed: ${r.create.message}`);
  assert.equal(typeof r.create.value.orgId, 'string');
  assert.ok(r.createGroup.ok, `createGroup failed: ${r.createGroup.message}`);
  assert.ok(r.byAlias.ok, `listClusters by projectId failed: ${r.byAlias.message}`);
  assert.ok(Array.isArray(r.byAlias.value.results));
  assert.deepEqual([r.removed.ok, r.removed.status], [false, 404]);
  assert.ok(r.warnings.includes('listPipelines removed'), r.warnings.join(', '));

  const { ok, name, isApiError, status, errorCode } = r.refused;
  assert.deepEqual(
    { ok, name, isApiError, status, errorCode },
    { ok: false, name: 'Unauthorized', isApiError: true, status: 401, errorCode: 'NOT_ORG_GROUP_CREATOR' },
  );
  assert.deepEqual(
    { ok: r.badParam.ok, isBuildError: r.badParam.isBuildError, code: r.badParam.code, parameter: r.badParam.parameter },
    { ok: false, isBuildError: true, code: 'InvalidParameter', parameter: 'groupId' },
  );
  // Only the expected 401 and 404 may show up as console errors (Chrome logs failed requests).
  assert.deepEqual(
    pageErrors.filter((e) => !/\b(401|404)\b/.test(e)),
    [],
  );
});
