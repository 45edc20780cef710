// dash.mjs - the DSL's dashboard and lists in a real browser: headless
// Chromium driven by playwright-core, axe-core on every page at four
// widths.
//
// Run by tests/t0038-browser-dash.sh, which builds the school of
// tests/dash-roster.sh and sets the admin password.  From the environment:
// VIGIL, VIGIL_DB, VIGIL_PACKS, VIGIL_PLUGINS, VIGIL_NOW (for the server),
// VIGIL_BROWSER_MODULES (a node_modules folder holding playwright-core and
// axe-core), VIGIL_CHROMIUM and VIGIL_SHOTS (where the screenshots go).
// Prints TAP.
//
// At 320, 390, 768 and 1280 px each page fits the screen (no sideways
// scroll of the page; wide tables scroll in their own box) and axe finds
// nothing serious or critical.  Then the DSL uses the pages as a DSL
// would, by what they say: a number on the dashboard, the search box, a
// column heading, the next page, and each download.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = process.env;
for (const v of ['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS']) {
  if (!env[v]) {
    console.log(`1..0 # SKIP ${v} is not set`);
    process.exit(0);
  }
}
const require = createRequire(path.join(env.VIGIL_BROWSER_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WIDTHS = [320, 390, 768, 1280];
const HEIGHT = 900;
const STEP_TIMEOUT = 20000;	// ms for one action; a sanitizer build is slow
const RUN_TIMEOUT = 400000;	// the whole run
const PASSWORD = 'correct horse battery';

// ---- TAP ----

let tests = 0, failed = 0;

function diag(text) {
  for (const line of String(text).replace(/\x1b\[[0-9;]*m/g, '').split('\n'))
    console.log(`# ${line}`);
}

function ok(cond, desc, why) {
  tests++;
  if (cond) {
    console.log(`ok ${tests} - ${desc}`);
  } else {
    failed++;
    console.log(`not ok ${tests} - ${desc}`);
    if (why !== undefined)
      diag(why);
  }
  return cond;
}

function is(got, want, desc) {
  return ok(got === want, desc, `got:  ${got}\nwant: ${want}`);
}

function like(text, re, desc) {
  return ok(re.test(text), desc, `wanted ${re} in:\n${String(text).slice(0, 600)}`);
}

// ---- the server ----

let server = null, serverLog = '', port = 0;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

// Starts `vigil serve` on the port and waits until it answers.
async function serverStart() {
  const proc = spawn(env.VIGIL, ['serve', '--listen', `127.0.0.1:${port}`],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const s = { proc, gone: false };
  s.exited = new Promise(resolve => proc.on('exit', (code, sig) => {
    s.gone = true;
    resolve(sig ? `signal ${sig}` : code);
  }));
  proc.stdout.on('data', d => { serverLog += d; });
  proc.stderr.on('data', d => { serverLog += d; });
  server = s;
  for (let i = 0; i < 300; i++) {
    if (s.gone)
      return false;
    try {
      const r = await fetch(`http://127.0.0.1:${port}/style.css`);
      if (r.ok)
        return true;
    } catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 50));
  }
  return false;
}

const base = () => `http://127.0.0.1:${port}`;
const main_ = async page => (await page.getByRole('main').innerText());

// ---- the checks of every page ----

let shot = 0;

// Runs axe-core's WCAG 2 A and AA rules on the page at url, in a second
// context that bypasses the CSP (the server's default-src 'none' blocks a
// script the test adds) with the DSL's cookies.  Fails once for each
// serious or critical violation.
async function axeCheck(context, url, kind, width) {
  const ctx = await context.browser().newContext({
    viewport: { width, height: HEIGHT }, bypassCSP: true,
    storageState: await context.storageState(),
  });
  try {
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(url);
    await page.addScriptTag({ content: axeSource });
    const res = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    }));
    const bad = res.violations.filter(v =>
      v.impact === 'serious' || v.impact === 'critical');
    for (const v of res.violations.filter(v => !bad.includes(v)))
      diag(`axe: ${kind} at ${width}: ${v.impact} ${v.id}: ${v.help} (not failing)`);
    if (!bad.length) {
      ok(true, `axe: ${kind} at ${width} px: no serious or critical violations`);
      return;
    }
    for (const v of bad)
      ok(false, `axe: ${kind} at ${width} px: ${v.impact} ${v.id}: ${v.help}`,
        v.nodes.slice(0, 6).map(nd => `${nd.target.join(' ')}: ` +
          nd.html.slice(0, 200)).join('\n'));
  } finally {
    await ctx.close();
  }
}

// At each width: the page fits (the document is no wider than the
// window), a screenshot, and axe.
async function checkPage(page, kind) {
  const url = page.url();
  const n = String(++shot).padStart(3, '0');
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    const fit = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth, win: window.innerWidth,
    }));
    ok(fit.doc <= fit.win, `${kind} at ${width} px: no sideways scroll of the page`,
      `the document is ${fit.doc} px wide in a window of ${fit.win} px`);
    await page.screenshot({
      path: path.join(env.VIGIL_SHOTS, `${n}-${kind.replace(/\W+/g, '-')}-w${width}.png`),
      fullPage: true,
    });
    await axeCheck(page.context(), url, kind, width);
  }
  await page.setViewportSize({ width: 1280, height: HEIGHT });
}

// Clicks what leads to a new page and waits for it.
async function go(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// The rows of the page's list: the text of each cell, row by row.
async function listRows(page, name) {
  return page.getByRole('table', { name }).evaluate(t =>
    [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim())));
}

// Downloads the list's CSV from the page's link: its first line and the
// number of its records after the header.
async function download(page) {
  const waiting = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download as CSV (spreadsheet)' }).click();
  const dl = await waiting;
  const text = readFileSync(await dl.path(), 'utf8');
  const lines = text.split('\r\n').filter(l => l !== '');
  return { name: dl.suggestedFilename(), first: lines[0], rows: lines.length - 1,
    text };
}

// ---- the DSL ----

async function dsl(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: HEIGHT },
    acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${base()}/admin`);
  await page.getByLabel('Admin password').fill(PASSWORD);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await checkPage(page, 'dashboard');

  // The dashboard's numbers, as tests/dash-roster.sh works them out.
  const groups = page.getByRole('table', { name: /^Each group/ });
  const support = groups.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: 'Support' }) });
  is((await support.getByRole('cell').allInnerTexts()).join(' '),
    '5 0 1 2 2 0%', 'Support: 5 in post, 0 up to date, 1 due soon, 2 overdue, 2 not yet due');
  const everyone = groups.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: 'Everyone' }) });
  is((await everyone.getByRole('cell').allInnerTexts()).join(' '),
    '64 1 3 4 58 1%', 'everyone: 64 in post, 1, 3, 4, 58, 1% up to date');

  // A number leads to the people it counts.
  await go(page, support.getByRole('cell').nth(3).getByRole('link'));
  await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
  like(await main_(page), /Showing 1–2 of 2 people: Overdue, in Support/,
    "Support's overdue number leads to a list of 2");
  is((await listRows(page, /^Staff/)).map(r => r[0]).join(' '), 'A6 A9',
    'Fay and Ida, overdue in Support');
  is(await page.getByLabel('Group').inputValue(), 'Support',
    'the filter shows the group chosen');

  // The staff list: search.
  await page.goto(`${base()}/admin/staff`);
  await checkPage(page, 'staff list');
  like(await main_(page), /Showing 1–50 of 64 people/, 'the staff list: 50 of 64');
  await page.getByLabel('Name, reference or email').fill('filler');
  await go(page, page.getByRole('button', { name: 'Show' }));
  like(await main_(page), /Showing 1–50 of 55 people/, 'a search for "filler": 55');
  like(page.url(), /[?&]q=filler/, 'the search is in the address');

  // Sort: the name's heading, then again for the other way.
  const nameHead = page.getByRole('columnheader', { name: /^Name/ });
  is(await nameHead.getAttribute('aria-sort'), 'ascending', 'sorted by name to begin with');
  await go(page, nameHead.getByRole('link'));
  is(await page.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort'),
    'descending', 'its heading sorts the other way');
  let rows = await listRows(page, /^Staff/);
  is(rows[0][1], 'Filler 55', 'Filler 55 first');
  is(rows[49][1], 'Filler 06', 'Filler 06 last on page 1');
  await go(page, page.getByRole('columnheader', { name: /^Ref/ }).getByRole('link'));
  rows = await listRows(page, /^Staff/);
  is(rows[0][0], 'F01', 'by reference: F01 first');

  // Paging.
  await go(page, page.getByRole('link', { name: 'Next page' }));
  like(await main_(page), /Showing 51–55 of 55 people/, 'the next page: 51 to 55');
  like(await main_(page), /Page 2 of 2/, 'page 2 of 2');
  rows = await listRows(page, /^Staff/);
  is(rows.map(r => r[0]).join(' '), 'F51 F52 F53 F54 F55', 'the last five, in order');
  let dl = await download(page);
  is(dl.name, 'vigil-staff-2026-03-01.csv', 'the staff download is named by the date');
  is(dl.first, '\uFEFF"Ref","Name","Email","Groups","Job role","Start","Training"',
    'its first line: the columns');
  is(dl.rows, 55, 'and every page of the search: 55 rows');
  await go(page, page.getByRole('link', { name: 'Previous page' }));
  like(await main_(page), /Showing 1–50 of 55/, 'and back to page 1');

  // The overdue list, and due soon.
  await page.goto(`${base()}/admin`);
  await go(page, page.getByRole('link', { name: 'Who is overdue', exact: true }));
  await page.getByRole('heading', { level: 1, name: /overdue/ }).waitFor();
  await checkPage(page, 'overdue list');
  rows = await listRows(page, /^Who is overdue/);
  is(rows.map(r => r[0]).join(' '), 'A2 A5 A2 A6 A9', 'five modules overdue, longest first');
  dl = await download(page);
  is(dl.first, '\uFEFF"Ref","Name","Module","Due date","Why"', 'the overdue download: its columns');
  is(dl.rows, 5, 'and its five rows');
  await page.getByLabel('Training').selectOption({ label: 'Due soon' });
  await go(page, page.getByRole('button', { name: 'Show' }));
  await checkPage(page, 'due soon list');
  rows = await listRows(page, /^Who is overdue/);
  is(rows.map(r => r[0]).join(' '), 'A10 A3 A5', 'due soon: three, soonest first');

  // The completion grid.
  await page.goto(`${base()}/admin`);
  await go(page, page.getByRole('link', { name: /^Completion grid/ }));
  await page.getByRole('heading', { level: 1, name: 'Completion grid' }).waitFor();
  await checkPage(page, 'completion grid');
  dl = await download(page);
  is(dl.first, '\uFEFF"Ref","Name","Listening to a disclosure (example/basics)",' +
    '"Writing it down (example/short)"', 'the grid download: a column per module');
  is(dl.rows, 64, 'a row per person in post');
  ok(dl.text.includes('"A7","\'=Gil Formula"'), 'a name that starts with = is defused');
  await context.close();
}

async function main() {
  port = await freePort();
  ok(await serverStart(), `vigil serve starts on port ${port}`);
  const browser = await chromium.launch({
    executablePath: env.VIGIL_CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  try {
    const before = failed;
    try {
      await dsl(browser);
      ok(failed === before, 'the DSL went through every page without a failure');
    } catch (e) {
      ok(false, 'the DSL went through every page', e.stack || String(e));
      for (const c of browser.contexts())
        for (const pg of c.pages())
          await pg.screenshot({ path: path.join(env.VIGIL_SHOTS, 'failed.png'),
            fullPage: true }).catch(() => {});
    }
  } finally {
    await browser.close();
  }
  server.proc.kill('SIGTERM');
  is(await server.exited, 0, 'vigil serve stops with status 0');
  ok(!/Sanitizer|runtime error:|incident/.test(serverLog),
    'the server logged no failure', serverLog.slice(-3000));
}

const watchdog = setTimeout(() => {
  ok(false, `the browser tests finished within ${RUN_TIMEOUT / 1000}s`);
  console.log(`1..${tests}`);
  if (server)
    server.proc.kill('SIGKILL');
  process.exit(1);
}, RUN_TIMEOUT);

try {
  await main();
} catch (e) {
  ok(false, 'the browser tests ran', e.stack || String(e));
} finally {
  clearTimeout(watchdog);
  if (server && !server.gone)
    server.proc.kill('SIGTERM');
  if (failed)
    diag(`server log (end):\n${serverLog.slice(-2000)}`);
  console.log(`1..${tests}`);
  process.exitCode = failed ? 1 : 0;
}
