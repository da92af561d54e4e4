// End-to-end test of the review page in headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core; no browser download).
//
//   node --test tests/browser/review.test.mjs
//
// Server: RASD_BASE_URL when set (e.g. a running `rasd serve` loaded with the seed's records),
// else the mock server of this folder, started on a free port with a review token.
// RASD_TOKEN: the review token of that server, if it has one (the mock's is known here); the
// test then also checks a confirm that succeeds. Screenshots go to RASD_SCREENSHOT_DIR
// (default tests/browser/out/, ignored by git); `RASD_SCREENSHOT_DIR=docs` refreshes the
// committed docs/review-map.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const MOCK_TOKEN = 'mock-review-token';
const shotDir = path.resolve(root, process.env.RASD_SCREENSHOT_DIR || 'tests/browser/out');
// Generous bounds for waits: a slow shared machine must not fail the test; the checks are on
// what the page shows, not on how fast.
const WAIT = 30_000;

let server; // the mock's child process, when we started it
let base;
let token = process.env.RASD_TOKEN || null;
let context;
let page;
let userDataDir;
const outside = []; // requests to anything but this machine
const consoleErrors = [];

function isLoopback(url) {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname);
}

async function startMock() {
  const child = spawn('python3', [path.join(here, 'mock_server.py'), '--port', '0', '--token', MOCK_TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`mock server exited with ${code}`)));
    lines.once('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]); else reject(new Error(`unexpected mock server output: ${line}`));
    });
  });
  return { child, url };
}

async function getJson(pathname) {
  const r = await fetch(new URL(pathname, base));
  assert.equal(r.status, 200, `${pathname} answered ${r.status}`);
  return r.json();
}

/** All events the server has, by following cursors. */
async function allEvents() {
  const out = [];
  let cursor = null;
  do {
    const data = await getJson(`/api/events?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...data.events);
    cursor = data.next_cursor;
  } while (cursor);
  return out;
}

async function tableIds() {
  return page.$$eval('#events tbody tr[data-id]', (rows) => rows.map((r) => r.dataset.id));
}

async function waitForTable(predicate, arg) {
  await page.waitForFunction(predicate, arg, { timeout: WAIT });
}

before(async () => {
  if (process.env.RASD_BASE_URL) {
    base = process.env.RASD_BASE_URL.replace(/\/$/, '');
  } else {
    const mock = await startMock();
    server = mock.child;
    base = mock.url;
    token = MOCK_TOKEN;
  }
  userDataDir = mkdtempSync(path.join(tmpdir(), 'rasd-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    locale: 'ar',
  });
  // Anything that would leave this machine is recorded (the test fails on it) and blocked.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  context.on('request', (req) => { if (!isLoopback(req.url())) outside.push(req.url()); });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium logs every non-2xx response as a console error; the 401/403 of the review
    // without a token is the answer the test asks for, not a page error.
    const from = msg.location()?.url || '';
    if (/\/api\/events\/[^/]+\/review$/.test(from) && /status of 40[13]/.test(msg.text())) return;
    consoleErrors.push(`console: ${msg.text()} (${from})`);
  });
  mkdirSync(shotDir, { recursive: true });
});

after(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  server?.kill();
});

test('the page loads right-to-left in Arabic and lists every event', async () => {
  const events = await allEvents();
  assert.ok(events.length > 0, 'the server has no events: load the seed first');
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: WAIT });
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.match(await page.textContent('h1'), /مراجعة الأحداث/);
  const expect = Math.min(events.length, 50);
  await waitForTable((n) => document.querySelectorAll('#events tbody tr[data-id]').length === n, expect);
  assert.equal(Number(await page.getAttribute('#total', 'data-total')), events.length);
});

test('the map shows one marker or cluster per event with coordinates', async () => {
  const events = await allEvents();
  const located = events.filter((e) => e.location && e.location.lat != null && e.location.lon != null);
  assert.ok(located.length > 0, 'no event has coordinates');
  await page.waitForSelector('#map .leaflet-overlay-pane path.leaflet-interactive, #map .rasd-cluster', { timeout: WAIT });
  // The country polygons are drawn too (the base map without a tile server).
  const countries = await page.$$eval('#map .leaflet-overlay-pane path:not(.leaflet-interactive)', (p) => p.length);
  assert.ok(countries > 100, `expected the country polygons, found ${countries} paths`);
  const count = () => {
    const single = document.querySelectorAll('#map path.rasd-marker').length;
    const clustered = [...document.querySelectorAll('#map .rasd-cluster [data-count]')]
      .reduce((sum, el) => sum + Number(el.dataset.count), 0);
    return { single, clustered };
  };
  // Wait for the count to come right (clusters may still be forming), then report what shows.
  await page.waitForFunction((args) => {
    const c = new Function(`return (${args.count})()`)();
    return c.single + c.clustered === args.n;
  }, { count: count.toString(), n: located.length }, { timeout: WAIT }).catch(() => {});
  const shown = await page.evaluate(count);
  assert.equal(shown.single + shown.clustered, located.length,
    `markers ${shown.single} + clustered ${shown.clustered} should be ${located.length}`);

  // For the screenshot, open the clusters so every event's circle shows.
  // (spiderfy is ignored while a zoom animation runs, so it is retried until circles show).
  await page.waitForFunction(() => {
    const { clusters, map } = window.rasd;
    if (document.querySelector('#map path.rasd-marker')) return true;
    for (const layer of Object.values(clusters._featureGroup._layers)) {
      if (layer.spiderfy && map.getBounds().contains(layer.getLatLng())) { layer.spiderfy(); break; }
    }
    return false;
  }, null, { timeout: WAIT, polling: 250 });
  await page.waitForTimeout(600); // let the spiderfy animation settle: cosmetic, for the picture only
  await page.locator('.map-panel').screenshot({ path: path.join(shotDir, 'review-map.png') });
  await page.screenshot({ path: path.join(shotDir, 'review-page.png'), fullPage: true });
});

test('clicking a marker opens its event', async () => {
  const marker = page.locator('#map path.rasd-marker').first();
  await marker.click({ force: true });
  await page.waitForSelector('#event-view[open] .doc-text', { timeout: WAIT });
  await page.click('#ev-close');
  await page.waitForFunction(() => !document.querySelector('#event-view').open, null, { timeout: WAIT });
});

test('the table sorts by killed', async () => {
  const killedOrder = async () => page.$$eval('#events tbody tr[data-id]', (rows) => rows
    .map((r) => r.children[5].dataset.value)
    .filter((v) => v !== undefined && v !== '')
    .map(Number));
  await page.click('#events th .sort[data-sort=killed]');
  await page.waitForSelector('#events th[aria-sort=descending] .sort[data-sort=killed]', { timeout: WAIT });
  await page.waitForFunction(() => !location.hash || location.hash.includes('sort=-killed'), null, { timeout: WAIT });
  const desc = await killedOrder();
  assert.ok(desc.length > 0, 'no event with a killed figure');
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a), `not largest first: ${desc}`);
  const events = await allEvents();
  const most = Math.max(...events.map((e) => e.killed?.best ?? -1));
  assert.equal(desc[0], most, 'the first row is not the event with the most killed');

  await page.click('#events th .sort[data-sort=killed]');
  await page.waitForSelector('#events th[aria-sort=ascending] .sort[data-sort=killed]', { timeout: WAIT });
  const asc = await killedOrder();
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b), `not smallest first: ${asc}`);
});

test('filtering by type narrows the table', async () => {
  const events = await allEvents();
  const counts = new Map();
  for (const e of events) counts.set(e.type, (counts.get(e.type) || 0) + 1);
  // The most common type, so the check is not trivially one row.
  const [type, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
  await page.selectOption('#filters [name=type]', type);
  await waitForTable((k) => document.querySelectorAll('#events tbody tr[data-id]').length === k, Math.min(n, 50));
  const types = await page.$$eval('#events tbody tr[data-id]', (rows) => rows.map((r) => r.dataset.type));
  assert.ok(types.every((t) => t === type), `rows of other types: ${types}`);
  if (counts.size > 1) assert.ok(types.length < events.length, 'the filter did not narrow the table');
  assert.equal(Number(await page.getAttribute('#total', 'data-total')), n);
  await page.click('#clear');
  await waitForTable((k) => document.querySelectorAll('#events tbody tr[data-id]').length === k, Math.min(events.length, 50));
});

test('the other filters reach the API and narrow the table', async () => {
  const events = await allEvents();
  const withKilled = events.filter((e) => e.killed?.best != null);
  const located = events.find((e) => e.location?.country);
  const actor = events.flatMap((e) => e.actors || []).find((a) => a.code);
  const cases = [];
  if (withKilled.length) cases.push({ min_killed: String(Math.max(...withKilled.map((e) => e.killed.best))) });
  if (located) cases.push({ country: located.location.country });
  if (located?.location.name) cases.push({ q: located.location.name });
  if (actor) cases.push({ actor: actor.code });
  assert.ok(cases.length > 0);
  for (const filter of cases) {
    const expected = (await getJson(`/api/events?${new URLSearchParams(filter)}`)).total;
    for (const [name, value] of Object.entries(filter)) await page.fill(`#filters [name=${name}]`, value);
    await page.click('#filters button[type=submit]');
    await waitForTable((k) => Number(document.querySelector('#total').dataset.total) === k
      && document.querySelectorAll('#events tbody tr[data-id]').length === Math.min(k, 50), expected)
      .catch(async () => assert.fail(`${JSON.stringify(filter)}: table shows ${await page.getAttribute('#total', 'data-total')}, the API ${expected}`));
    assert.ok(expected >= 1, `${JSON.stringify(filter)} matched nothing`);
    if (filter.min_killed) {
      const shown = await page.$$eval('#events tbody tr[data-id]', (rows) => rows.map((r) => Number(r.children[5].dataset.value)));
      assert.ok(shown.every((k) => k >= Number(filter.min_killed)), `rows under min_killed: ${shown}`);
      assert.ok(shown.length < events.length, 'min_killed did not narrow the table');
    }
    await page.click('#clear');
    await waitForTable((k) => Number(document.querySelector('#total').dataset.total) === k, events.length);
  }
});

test('clicking a day on the timeline filters to that day', async () => {
  const stats = await getJson('/api/stats');
  const busiest = [...stats.by_day].sort((a, b) => b.events - a.events)[0];
  await page.click(`#timeline .tl-bar[data-date="${busiest.date}"]`, { force: true });
  await page.waitForFunction((d) => document.querySelector('#filters [name=from]').value === d
    && document.querySelector('#filters [name=to]').value === d, busiest.date, { timeout: WAIT });
  await waitForTable((k) => Number(document.querySelector('#total').dataset.total) === k
    && document.querySelectorAll('#events tbody tr[data-id]').length === Math.min(k, 50), busiest.events);
  const dates = await page.$$eval('#events tbody tr[data-id] td.date', (cells) => cells.map((c) => c.textContent.trim()));
  assert.ok(dates.every((d) => d.startsWith(busiest.date)), `rows from other days: ${dates}`);
  // A day without events (the chart pads short periods with empty days) empties the table.
  const empty = await page.$$eval('#timeline .tl-bar[data-events="0"]', (bars) => bars.map((b) => b.dataset.date));
  if (empty.length) {
    const hit = page.locator(`#timeline .tl-hit[data-i]`).nth(await page.$$eval('#timeline .tl-bar', (bars, d) => bars.findIndex((b) => b.dataset.date === d), empty[0]));
    await hit.click({ force: true });
    await waitForTable(() => document.querySelector('#total').dataset.total === '0');
  }
  await page.click('#clear');
  await waitForTable((k) => Number(document.querySelector('#total').dataset.total) === k, (await allEvents()).length);
});

test('the table pages with next_cursor', async () => {
  const events = await allEvents();
  if (events.length < 3) return; // too few to page
  const perPage = 2;
  // Same document, new address: the page follows the hash (limit=rows per page).
  await page.goto(`${base}/#limit=${perPage}&sort=-killed`);
  const seen = [];
  for (;;) {
    await waitForTable((k) => document.querySelectorAll('#events tbody tr[data-id]').length > 0
      && document.querySelectorAll('#events tbody tr[data-id]').length <= k, perPage);
    seen.push(...await tableIds());
    if (await page.isDisabled('#next')) break;
    const before = (await tableIds()).join();
    await page.click('#next');
    await page.waitForFunction((b) => [...document.querySelectorAll('#events tbody tr[data-id]')].map((r) => r.dataset.id).join() !== b, before, { timeout: WAIT });
  }
  assert.equal(seen.length, events.length, 'pages did not cover every event once');
  assert.equal(new Set(seen).size, events.length, 'an event came twice');
  await page.goto(`${base}/`);
  await waitForTable((k) => document.querySelectorAll('#events tbody tr[data-id]').length === k, Math.min(events.length, 50));
});

test('the event view highlights evidence at the code-point offsets', async () => {
  // The event with the most evidence, to check as many spans as the seed has.
  const events = await allEvents();
  const details = await Promise.all(events.map((e) => getJson(`/api/events/${encodeURIComponent(e.id)}`)));
  const detail = details.sort((a, b) => b.reports.flatMap((r) => r.evidence).length - a.reports.flatMap((r) => r.evidence).length)[0];
  await page.evaluate((id) => window.rasd.openEvent(id), detail.id);
  await page.waitForSelector('#event-view[open] .doc-text mark.ev', { timeout: WAIT });
  assert.match(await page.textContent('#ev-title'), new RegExp(detail.date));
  for (const report of detail.reports) {
    const article = page.locator(`#ev-body article.report[data-report="${report.report_id}"]`);
    // The whole document text is shown, unchanged.
    assert.equal(await article.locator('.doc-text').textContent(), report.text);
    const cps = Array.from(report.text);
    for (const [s, e] of report.evidence) {
      const shown = await article.locator('.doc-text mark.ev').evaluateAll((marks, [s0, e0]) => marks
        .filter((m) => Number(m.dataset.s) >= s0 && Number(m.dataset.e) <= e0)
        .sort((a, b) => Number(a.dataset.s) - Number(b.dataset.s))
        .map((m) => m.textContent).join(''), [s, e]);
      assert.equal(shown, cps.slice(s, e).join(''), `evidence [${s},${e}) of ${report.report_id}`);
    }
  }
  // Claims sit beside their source and figures.
  const claimRows = await page.$$eval('#ev-body table.claims tbody tr', (rows) => rows.length);
  assert.equal(claimRows, detail.claims.length);
});

test('offsets are code points even past characters outside the BMP', async () => {
  // The seed is all BMP Arabic, where UTF-16 and code-point offsets agree; this checks the
  // page's slicing on text where they do not.
  const result = await page.evaluate(async () => {
    const { segments, cpSlice } = await import('/assets/text.js');
    const text = '😀 قصف 𝟙𝟚 حلب';
    const parts = segments(text, [{ name: 'ev', spans: [[2, 5], [6, 8]] }]);
    return {
      slice: cpSlice(text, 9, 12),
      marked: parts.filter((p) => p.covers.ev).map((p) => p.text),
      whole: parts.map((p) => p.text).join(''),
      text,
    };
  });
  assert.equal(result.slice, 'حلب');
  assert.deepEqual(result.marked, ['قصف', '𝟙𝟚']);
  assert.equal(result.whole, result.text);
});

test('a review without a token shows the read-only or 401 message', async () => {
  await page.evaluate(() => sessionStorage.clear());
  await page.click('#review-confirm');
  await page.waitForSelector('#review-msg[data-kind=error]', { timeout: WAIT });
  const text = await page.textContent('#review-msg');
  assert.match(text, /\((401|403)\)/, text);
  assert.match(text, /(token|read-only)/);
  await page.locator('#event-view').screenshot({ path: path.join(shotDir, 'review-event.png') });
});

test('a review with the token is saved', async (t) => {
  if (!token) { t.skip('RASD_TOKEN not given'); return; }
  // Typed in the event view itself: the header's field is behind the modal view.
  await page.fill('#review-token', token);
  await page.dispatchEvent('#review-token', 'change');
  // A review is recorded with its reviewer: the server refuses one without a name (400).
  await page.fill('#review-reviewer', 'browser-test');
  await page.dispatchEvent('#review-reviewer', 'change');
  await page.click('#review-confirm');
  await page.waitForSelector('#review-msg[data-kind=ok], #review-msg[data-kind=error]', { timeout: WAIT });
  assert.equal(await page.getAttribute('#review-msg', 'data-kind'), 'ok', await page.textContent('#review-msg'));
  assert.match(await page.textContent('#ev-body .review .badge'), /confirmed/);
  await page.click('#ev-close');
});

test('correct, merge and split with the token', async (t) => {
  if (!token) { t.skip('RASD_TOKEN not given'); return; }
  // Changes the server's data: runs last but for the checks on traffic and console.
  const events = await allEvents();
  if (events.length < 2) { t.skip('needs two events'); return; }
  const [a, b] = events;
  await page.evaluate((id) => window.rasd.openEvent(id), a.id);
  await page.waitForSelector(`#event-view[open] #ev-body code >> text="${a.id}"`, { timeout: WAIT });
  const submitted = async (button) => {
    await page.click(button);
    await page.waitForSelector('#review-msg[data-kind=ok], #review-msg[data-kind=error]', { timeout: WAIT });
    assert.equal(await page.getAttribute('#review-msg', 'data-kind'), 'ok', await page.textContent('#review-msg'));
  };

  await page.selectOption('#correct-field', 'type');
  await page.fill('#correct-value', 'shelling');
  await submitted('#review-correct');
  assert.match(await page.textContent('#ev-body .review .badge'), /corrected/);
  assert.match(await page.textContent('#ev-title'), /Shelling/);

  const reportsBefore = await page.$$eval('#ev-body article.report', (r) => r.length);
  await page.fill('#merge-other', b.id);
  await submitted('#review-merge');
  const afterMerge = await page.$$eval('#ev-body article.report', (r) => r.map((x) => x.dataset.report));
  assert.ok(afterMerge.length > reportsBefore, `merge did not bring ${b.id}'s reports: ${afterMerge}`);

  // Split the merged-in reports off again.
  await page.check(`#ev-body .split-pick[value="${afterMerge[afterMerge.length - 1]}"]`);
  await submitted('#review-split');
  assert.equal(await page.$$eval('#ev-body article.report', (r) => r.length), afterMerge.length - 1);
  await page.click('#ev-close');
});

test('nothing left this machine and the console stayed clean', () => {
  assert.deepEqual(outside, [], 'requests to other hosts');
  assert.deepEqual(consoleErrors, [], 'console errors');
});
