// preview.mjs - vigil pack preview in a browser: headless Chromium driven
// by playwright-core, with axe-core on each page at 320, 390 and 1280 px,
// none of which may scroll sideways (the map scrolls in its own box).
// While a step is open the test edits the module file, and the page shows
// the new text without being reloaded by the test; then a missing comma
// shows the error in place with its line, and fixing it brings the page
// back.  The side panel shows the step and the fact a choice set; "Save
// as a test" writes a playthrough that `vigil pack test` passes.
//
// Run by tests/t0057-browser-preview.sh, which writes the pack.  From the
// environment: VIGIL, VIGIL_DB, VIGIL_PREVIEW_DIR (the pack),
// VIGIL_BROWSER_MODULES, VIGIL_CHROMIUM, VIGIL_SHOTS.  Prints TAP.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
  needEnv, setup, ok, is, like, checkPage, base, newPerson, go, runFlows,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_PREVIEW_DIR', 'VIGIL_BROWSER_MODULES',
  'VIGIL_CHROMIUM', 'VIGIL_SHOTS']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const RUN_TIMEOUT = 120000;
const WIDTHS = [320, 390, 1280];
const RELOAD_WAIT = 10000;	// ms for a saved change to show
const dir = env.VIGIL_PREVIEW_DIR;
const moduleFile = path.join(dir, 'walk.lua');

const main = async page => page.getByRole('main').innerText();
let shot = 0;

// The page p shows, at every width: it fits, a screenshot, and axe.
async function look(p, kind) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${kind.replace(/\W+/g, '-')}`), WIDTHS);
}

// Edits the module file as an author's editor would: the whole file
// written again, from what it held with from replaced by to.
function edit(from, to) {
  const text = readFileSync(moduleFile, 'utf8');
  if (!text.includes(from))
    throw new Error(`${moduleFile} does not hold ${from}`);
  writeFileSync(moduleFile, text.replace(from, to));
}

// Waits until the page's main holds text, the page reloading by itself.
async function shows(page, text) {
  try {
    await page.getByRole('main').getByText(text, { exact: false })
      .first().waitFor({ timeout: RELOAD_WAIT });
    return true;
  } catch {
    return false;
  }
}

// Answers the step shown: the option labelled label (none for a page),
// then Continue, and Continue past any feedback.
async function answer(page, label) {
  if (label)
    await page.getByLabel(label, { exact: true }).check();
  await go(page, page.getByRole('button', { name: 'Continue' }));
  if (/\/feedback$/.test(page.url()))
    await go(page, page.getByRole('link', { name: 'Continue' }));
}

async function author(browser) {
  const p = await newPerson(browser, 'author');
  const { page } = p;

  await page.goto(`${base()}/preview`);
  like(await main(page), /A short walk/, 'the start page lists the module');
  await look(p, 'preview start');

  await go(page, page.getByRole('link', { name: 'Preview', exact: true }));
  await go(page, page.getByRole('button', { name: 'Begin' }));
  like(await main(page), /Hello, and tell the DSL/, 'the first step');
  const panel = page.getByRole('complementary', { name: 'Preview' });
  like(await panel.innerText(), /hello \(page\), .*walk\.lua:7/,
    'the side panel names the step, its kind, file and line');
  await look(p, 'step with the side panel');

  // A saved change shows without the test reloading the page.
  const url = page.url();
  edit('Hello, and tell', 'Welcome, and tell');
  ok(await shows(page, 'Welcome, and tell the DSL'),
    'an edit of the module file shows in the open page by itself');
  is(page.url(), url, 'at the same address');

  // A missing comma: the error in place, with its line.
  edit('  minutes = 5,', '  minutes = 5');
  ok(await shows(page, 'The pack has errors'),
    'a missing comma shows the error in place of the page');
  like(await main(page), /walk\.lua:3\b.*a comma is missing/,
    'with its file and the line of the mistake, in plain words');
  like(await main(page), /^3 \| {3}minutes = 5$/m,
    'and the line of source with its number');
  await look(p, 'errors in place');
  edit('  minutes = 5\n', '  minutes = 5,\n');
  ok(await shows(page, 'Welcome, and tell the DSL'),
    'fixed, the page comes back by itself');

  // The panel after a choice that sets a fact.
  await answer(page);
  await answer(page, 'Open it');
  like(await panel.innerText(), /pick \(question\)/,
    'the panel shows the step after the choice');
  like(await panel.innerText(), /\{ opened = true \}/,
    'and state holds the fact the choice set');
  like(await panel.innerText(), /1 of 1 point/, 'and the score so far');

  // The end, and save as a test.
  await answer(page, 'The “right” one');
  like(await main(page), /Passed/, 'the result page');
  const name = page.getByLabel('Test file (tests/NAME.lua)');
  await name.fill('walk');
  await look(p, 'result with save as a test');
  await go(page, page.getByRole('button', { name: 'Save as a test' }));
  like(await main(page), /passed, 0 failed/,
    'saved, and pack test passes it');
  await look(p, 'saved as a test');
  const t = spawnSync(env.VIGIL, ['pack', 'test', dir], { encoding: 'utf8' });
  is(t.status, 0, 'vigil pack test passes the saved playthrough unedited');
  like(readFileSync(path.join(dir, 'tests', 'walk.lua'), 'utf8'),
    /"The “right” one", step = "pick"/, 'with the option as written');

  // The map.
  await page.goto(`${base()}/preview/map/walk`);
  ok(await page.locator('.map svg').count() === 1, 'the map page shows the map');
  await look(p, 'map');
  await p.context.close();
}

runFlows(chromium, [], [author], RUN_TIMEOUT, ['pack', 'preview', dir]);
