// feedback.mjs - feedback that teaches, and an order arranged by the
// learner, in a browser: headless Chromium driven by playwright-core, with
// axe-core at 320, 390 and 1280 px, none of which may scroll sideways.
//
// The feedback page repeats the question and the answer given, gives one
// verdict, and after "Go back and try again" says that only a first answer
// counts.  An order question is arranged by dragging with the mouse and by
// the Move up / Move down buttons from the keyboard (moves announced); an
// untouched list cannot be sent as shown; without JavaScript the selects
// of positions still answer it.
//
// Run by tests/t0049-browser-feedback.sh.  From the environment: VIGIL,
// VIGIL_DB, VIGIL_PACKS, VIGIL_BROWSER_MODULES, VIGIL_CHROMIUM and
// VIGIL_SHOTS.  Prints TAP.

import path from 'node:path';

import {
  needEnv, setup, ok, is, like, checkPage, serverStart, base, launch,
  cspErrors, newPerson, go, runTest, HEIGHT,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_PACKS', 'VIGIL_BROWSER_MODULES',
  'VIGIL_CHROMIUM', 'VIGIL_SHOTS']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const WIDTHS = [320, 390, 1280];
const M = '/take/feedback/m';
const RIGHT_ORDER = ['Listen to the pupil', 'Tell the DSL', 'Write it down'];
const main = async page => page.getByRole('main').innerText();
let shot = 0;

async function look(p, kind) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${p.who}-${kind.replace(/\W+/g, '-')}`), WIDTHS);
}

async function signIn(p, name, ref) {
  await p.page.goto(`${base()}/`);
  await p.page.getByLabel('Your name').fill(name);
  await p.page.getByLabel('Staff reference or email').fill(ref);
  await go(p.page, p.page.getByRole('button', { name: 'Sign in' }));
  await p.page.goto(`${base()}${M}`);
  await go(p.page, p.page.getByRole('button', { name: 'Begin' }));
}

async function choose(page, label) {
  await page.getByRole('radio', { name: label, exact: true }).check();
  await go(page, page.getByRole('button', { name: 'Continue' }));
}

const onward = page => go(page, page.getByRole('link', { name: 'Continue' }));
const arranged = page => page.locator('.order-item .text').allInnerTexts();
const positions = page => page.evaluate(() =>
  [...document.querySelectorAll('fieldset.order select')]
    .map(s => `${s.labels[0].textContent.trim()}=${s.value}`).sort().join('; '));

// Drags the item holding what with the mouse to the place of the item
// holding to (above it when moving up).
async function drag(page, what, to) {
  const a = await page.locator('.order-item', { hasText: what }).boundingBox();
  const b = await page.locator('.order-item', { hasText: to }).boundingBox();
  await page.mouse.move(a.x + 12, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + 12, b.y + 4, { steps: 8 });
  await page.mouse.up();
}

async function flowWithScript(browser) {
  const sian = await newPerson(browser, 'sian', { width: 390, height: HEIGHT });
  const { page } = sian;
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await signIn(sian, 'Siân Evans', 'S1');

  // A scene's feedback: the question, the choice, the points.
  await choose(page, 'Ask why they waited');
  let text = await main(page);
  like(text, /You were asked:\s*Jordan says: please don't tell anyone/,
    'the feedback repeats the question');
  like(text, /You chose: Ask why they waited/, 'and the answer given');
  like(text, /0 of 2 points/, 'and its points');
  is(await page.getByRole('status').getByRole('heading').count(), 1,
    'one verdict, announced');
  await look(sian, 'feedback');

  // Back, and the better choice: its points were counted the first time.
  await onward(page);
  await go(page, page.getByRole('button', { name: 'Go back and try again' }));
  await choose(page, 'Say you will listen and help');
  text = await main(page);
  like(text, /No points this time/, 'answered again: no points');
  like(text, /Only your first answer to this question counts: its points were counted the first time\./,
    'and the note says why');
  await look(sian, 'feedback answered again');
  await onward(page);

  await choose(page, 'Nobody');
  text = await main(page);
  like(text, /Not right this time — 0 of 1 point/, 'a wrong answer: one verdict');
  like(text, /The answer was: The DSL/, 'with the right answer');
  is((text.match(/right/gi) || []).length, 1, 'and no second verdict');
  await onward(page);

  // The order: a list to arrange, never sent as shown.
  await page.locator('.order-item').first().waitFor();
  ok(!await page.getByRole('combobox').first().isVisible(),
    'with JavaScript the selects give way to a list');
  const start = await arranged(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').filter({ hasText: 'put the items in your order first' }).waitFor();
  ok(page.url().endsWith(M), 'an untouched list cannot be sent as shown');
  await look(sian, 'order step');

  // Drag the last item to the top.
  await drag(page, start[2], start[0]);
  if (errors.length) console.log('# ' + errors.join('\n# '));
  is((await arranged(page)).join(' | '), [start[2], start[0], start[1]].join(' | '),
    'dragging with the mouse moves an item');
  ok(!/=(;|$)/.test(await positions(page)), 'and fills in every position',
    await positions(page));

  // Then the keyboard: the dragged item down one, announced; then Move
  // up until each is in place.
  const announced = t => page.waitForFunction(
    t => document.getElementById('order-live').textContent.includes(t), t);
  await page.getByRole('button', { name: `Move down: “${start[2]}”`, exact: true }).focus();
  await page.keyboard.press('Enter');
  await announced(`“${start[2]}” is now 2 of 3.`);
  is((await arranged(page))[1], start[2], 'Move down moves it, and the move is announced');
  for (const [i, t] of RIGHT_ORDER.entries()) {
    for (let guard = 0; guard < 3 && (await arranged(page)).indexOf(t) > i; guard++) {
      const at = (await arranged(page)).indexOf(t);
      await page.getByRole('button', { name: `Move up: “${t}”`, exact: true }).focus();
      await page.keyboard.press('Enter');
      await announced(`“${t}” is now ${at} of 3.`);
    }
  }
  is((await arranged(page)).join(' | '), RIGHT_ORDER.join(' | '),
    'the Move up buttons arrange it from the keyboard');
  is(await positions(page), 'Listen to the pupil=1; Tell the DSL=2; Write it down=3',
    'the positions sent are the arranged order');
  await go(page, page.getByRole('button', { name: 'Continue' }));
  text = await main(page);
  like(text, /Right — 2 of 2 points/, 'the arranged order is marked right');
  like(text, /Your order:\s*Listen to the pupil\s*Tell the DSL\s*Write it down/,
    'and repeated in the learner\'s order');
  await look(sian, 'order feedback');
  is(errors.join('\n'), '', 'the script runs without errors');
  await sian.context.close();
}

async function flowWithoutScript(browser) {
  const context = await browser.newContext({ javaScriptEnabled: false,
    viewport: { width: 320, height: HEIGHT } });
  const page = await context.newPage();
  const cai = { context, page, who: 'cai' };
  await signIn(cai, 'Cai Jones', 'C3');
  await choose(page, 'Say you will listen and help');
  await onward(page);
  await choose(page, 'The DSL');
  await onward(page);
  ok(await page.getByRole('combobox', { name: 'Tell the DSL', exact: true }).isVisible(),
    'without JavaScript, each item has its select');
  await page.getByRole('button', { name: 'Continue' }).click();
  ok(page.url().endsWith(M), 'and an unchosen order is not sent');
  for (const [i, t] of RIGHT_ORDER.entries())
    await page.getByRole('combobox', { name: t, exact: true }).selectOption(String(i + 1));
  await go(page, page.getByRole('button', { name: 'Continue' }));
  like(await main(page), /Right — 2 of 2 points/, 'the selects answer it');
  await context.close();
}

runTest(async () => {
  ok(await serverStart(['--signup', 'open']), 'vigil serve starts');
  const browser = await launch(chromium, env.VIGIL_CHROMIUM);
  try {
    await flowWithScript(browser);
    await flowWithoutScript(browser);
  } finally {
    await browser.close();
  }
  is(cspErrors.join('\n'), '', 'no page broke its content security policy');
}, 90000);
