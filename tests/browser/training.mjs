// training.mjs - where a learner stands, in a browser: headless Chromium
// driven by playwright-core, with axe-core at 320, 390 and 1280 px, none
// of which may scroll sideways, on the catalogue's cards, the page before
// a retake and "My training", after a pass and a retake that failed.
//
// Run by tests/t0047-browser-training.sh, which records the attempts with
// `vigil take` on their dates and the assignments.  From the environment:
// VIGIL, VIGIL_DB, VIGIL_PACKS, VIGIL_PLUGINS, VIGIL_BROWSER_MODULES,
// VIGIL_CHROMIUM, VIGIL_SHOTS and VIGIL_NOW.  Prints TAP.

import path from 'node:path';

import {
  needEnv, setup, ok, is, like, checkPage, base, newPerson, go, runFlows,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const RUN_TIMEOUT = 120000;	// the whole run; it takes well under a minute
const WIDTHS = [320, 390, 1280];

const main = async page => page.getByRole('main').innerText();
let shot = 0;

// The page p shows, at each width: it fits, a screenshot, and axe.
async function look(p, kind) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${p.who}-${kind.replace(/\W+/g, '-')}`), WIDTHS);
}

async function flow(browser) {
  const sian = await newPerson(browser, 'sian');
  const page = sian.page;

  await page.goto(`${base()}/`);
  await page.getByLabel('Your name').fill('Siân Evans');
  await page.getByLabel('Staff reference or email').fill('T1');
  await go(page, page.getByRole('button', { name: 'Sign in' }));

  // The catalogue: a card per module, the pass kept beside the failure.
  const card = page.getByRole('article').filter({
    has: page.getByRole('heading', { name: 'Listening to a disclosure' }) });
  is(await card.count(), 1, 'the module passed is a card with its heading');
  const text = await card.innerText();
  like(text, /Passed on 7 December 2026, valid until 7 December 2027/,
    'the card shows the valid pass');
  like(text, /Retaken on 20 December 2026, not passed; your pass still stands/,
    'and the failed retake beside it');
  like(text, /Up to date; due again by 7 December 2027/, 'and when it is due again');
  is(await card.getByRole('link', { name: 'Certificate' }).getAttribute('href'),
    '/attempts/2/certificate', 'its certificate link is the pass\'s');
  const short = page.getByRole('article').filter({
    has: page.getByRole('heading', { name: 'Writing it down' }) });
  like(await short.innerText(), /Due by 7 January 2027/,
    'the module not done shows its due date');
  like(await short.innerText(), /\b[1-9]\d*% done/, 'and, begun, its share done');
  is(await short.locator('progress').count(), 1, 'with a bar');
  await look(sian, 'catalogue cards');

  // The page before a retake says the pass stays.
  await go(page, card.getByRole('link', { name: 'Take it again' }));
  like(await main(page), /You already hold a valid pass of this module, from 7 December 2026, until 7 December 2027/,
    'the page before a retake says a valid pass is held');
  like(await main(page), /A new attempt will not take it away/,
    'and that a new attempt will not take it away');
  ok(await page.getByRole('button', { name: 'Begin' }).isVisible(),
    'with Begin after it');
  await look(sian, 'retake warning');

  // My training, from the header's navigation.
  await go(page, page.getByRole('navigation', { name: 'Site' })
    .getByRole('link', { name: 'My training' }));
  is(await page.getByRole('heading', { level: 1 }).innerText(), 'My training',
    'My training is reached from the header');
  const m = await main(page);
  like(m, /20\s+minutes in 2026/, 'it gives the CPD minutes of this year');
  like(m, /40\s+minutes in total/, 'and in all');
  like(m, /Expired on 10 June 2026/, 'an expired certificate is marked');
  is(await page.getByRole('link', { name: 'PDF' }).count(), 2,
    'each certificate links to its PDF');
  await look(sian, 'my training');
}

await runFlows(chromium, ['--signup', 'open'], [flow], RUN_TIMEOUT);
