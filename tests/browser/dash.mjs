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

import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  needEnv, setup, tap, ok, is, like, checkPage, serverStart, serverStop,
  serverPort, serverLog, base, launch, newPerson, go, runTest,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const STEP_TIMEOUT = 20000;	// ms for one action; a sanitizer build is slow
const RUN_TIMEOUT = 400000;	// the whole run
const PASSWORD = 'correct horse battery';

const main_ = async page => (await page.getByRole('main').innerText());

// ---- the checks of every page ----

let shot = 0;

// The page p shows, at every width (lib.mjs: checkPage): it fits, a
// screenshot NNN-KIND-wWIDTH.png, and axe.
async function look(p, kind) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${kind.replace(/\W+/g, '-')}`));
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
  const p = await newPerson(browser, 'dsl');
  const { context, page } = p;
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${base()}/admin`);
  await page.getByLabel('Admin password').fill(PASSWORD);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await look(p, 'dashboard');

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
  await look(p, 'staff list');
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
  await look(p, 'overdue list');
  rows = await listRows(page, /^Who is overdue/);
  is(rows.map(r => r[0]).join(' '), 'A2 A5 A2 A6 A9', 'five modules overdue, longest first');
  dl = await download(page);
  is(dl.first, '\uFEFF"Ref","Name","Module","Due date","Why"', 'the overdue download: its columns');
  is(dl.rows, 5, 'and its five rows');
  await page.getByLabel('Training').selectOption({ label: 'Due soon' });
  await go(page, page.getByRole('button', { name: 'Show' }));
  await look(p, 'due soon list');
  rows = await listRows(page, /^Who is overdue/);
  is(rows.map(r => r[0]).join(' '), 'A10 A3 A5', 'due soon: three, soonest first');

  // The completion grid.
  await page.goto(`${base()}/admin`);
  await go(page, page.getByRole('link', { name: /^Completion grid/ }));
  await page.getByRole('heading', { level: 1, name: 'Completion grid' }).waitFor();
  await look(p, 'completion grid');
  dl = await download(page);
  is(dl.first, '\uFEFF"Ref","Name","Listening to a disclosure (example/basics)",' +
    '"Writing it down (example/short)"', 'the grid download: a column per module');
  is(dl.rows, 64, 'a row per person in post');
  ok(dl.text.includes('"A7","\'=Gil Formula"'), 'a name that starts with = is defused');
  await context.close();
}

async function main() {
  ok(await serverStart(), `vigil serve starts on port ${serverPort()}`);
  const browser = await launch(chromium, env.VIGIL_CHROMIUM);
  try {
    const before = tap.failed;
    try {
      await dsl(browser);
      ok(tap.failed === before, 'the DSL went through every page without a failure');
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
  is(await serverStop(), 0, 'vigil serve stops with status 0');
  ok(!/Sanitizer|runtime error:|incident/.test(serverLog()),
    'the server logged no failure', serverLog().slice(-3000));
}

await runTest(main, RUN_TIMEOUT);
