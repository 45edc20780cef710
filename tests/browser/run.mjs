// run.mjs - browser tests of `vigil serve`: headless Chromium driven by
// playwright-core, with axe-core checking every kind of page.
//
// Run by tests/t0023-browser.sh, which sets up the packs, the database and
// the admin password.  From the environment: VIGIL (the binary), VIGIL_DB,
// VIGIL_PACKS, VIGIL_PLUGINS (for the server), VIGIL_BROWSER_MODULES (a
// node_modules folder holding playwright-core and axe-core), VIGIL_CHROMIUM
// (the browser) and VIGIL_SHOTS (where the screenshots go).  Prints TAP.
//
// Four people use the site as people do: by the text they see.  Options
// are chosen by their visible text through their roles and labels, so the
// tests also show that every control is labelled.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  needEnv, setup, tap, diag, ok, is, like, runAxe, checkPage, STEP_TIMEOUT,
  serverStart, serverStop, serverPort, serverLog, base, launch, cspErrors,
  newPerson as newPersonAt, go, runTest,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const MODULE = 'Listening to a disclosure';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const RUN_TIMEOUT = 400000;	// the whole run

// ---- pages ----

let shot = 0;
const axeDone = new Set();

// A new browser context (a person's own browser: its own cookies), at
// the desktop's size.
const newPerson = (browser, who) => newPersonAt(browser, who, DESKTOP);

// Saves a full-page screenshot of the page as NNN-flow-name.png, and at a
// phone's width too when phone is set.  The first page of each kind
// (axe) is checked at every width (lib.mjs: checkPage): it fits the
// screen, and axe finds nothing serious; screenshots NNN-flow-name-wW.png.
async function visit(p, name, { phone = false, axe = null } = {}) {
  const n = String(++shot).padStart(3, '0');
  const file = path.join(env.VIGIL_SHOTS, `${n}-${p.who}-${name}`);
  await p.page.screenshot({ path: `${file}.png`, fullPage: true });
  if (axe && !axeDone.has(axe)) {
    axeDone.add(axe);
    await checkPage(p, axe, file);
  } else if (phone) {
    await p.page.setViewportSize(PHONE);
    await p.page.screenshot({ path: `${file}-phone.png`, fullPage: true });
    await p.page.setViewportSize(DESKTOP);
  }
}

// So that a pass means something: axe, run as the tests run it, finds
// the faults of a page made to have them.
async function axeSelfCheck(browser) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.setContent('<!DOCTYPE html><html lang="en"><head><title>Bad</title>' +
    '</head><body><main><h1>Bad</h1><input type="text">' +
    '<p style="color:#bbb;background:#fff">Faint text</p></main></body></html>');
  const ids = (await runAxe(page)).violations.map(v => v.id);
  await context.close();
  ok(ids.includes('label') && ids.includes('color-contrast'),
    'axe finds an unlabelled field and faint text on a page made to have them',
    `violations: ${ids.join(' ')}`);
}

const text = async (page, role = 'main') => (await page.getByRole(role).innerText());
const progress = async page => (await page.getByText(/^\d+% done$/).innerText());

// Signs in through the open sign-in form, by its labels.
async function signIn(p, name, ref) {
  await p.page.goto(`${base()}/`);
  await visit(p, 'signin', { phone: true, axe: 'sign-in' });
  await p.page.getByLabel('Your name').fill(name);
  await p.page.getByLabel('Staff reference or email').fill(ref);
  await go(p.page, p.page.getByRole('button', { name: 'Sign in' }));
  await p.page.getByRole('heading', { level: 1, name: 'Your training' }).waitFor();
}

// The catalogue's link for the module: a link named Begin, Carry on, ...
// whose description (aria-describedby) is the module's heading.
async function moduleLink(page, name) {
  const links = page.getByRole('link', { name, exact: true });
  for (const l of await links.all()) {
    const described = await l.evaluate(el => el.getAttribute('aria-describedby')
      ?.split(' ').map(id => document.getElementById(id)?.textContent).join(' '));
    if (described === MODULE)
      return l;
  }
  throw new Error(`no link "${name}" described by "${MODULE}"`);
}

// The control a step shows, told by its role and accessible name: one
// choice (radio buttons), several (checkboxes), an order (selects), a
// text box, a scene's one way on (a button of its own), or none (a page).
async function control(page) {
  const main = page.getByRole('main');
  if (!await main.getByRole('button', { name: 'Continue', exact: true }).count() &&
      await main.getByRole('button').count() === 1)
    return 'button';
  if (await page.getByRole('group', { name: 'Choose every answer that applies' }).count())
    return 'multiple';
  if (await page.getByRole('group', { name: /^Put these in order/ }).count())
    return 'order';
  if (await page.getByRole('textbox', { name: 'Your answer' }).count())
    return 'reflect';
  if (await page.getByRole('group', { name: 'Choose one answer' }).count())
    return await page.getByRole('radio').count() === 2 &&
      await page.getByRole('radio', { name: 'True', exact: true }).count()
      ? 'truefalse' : 'one';
  return 'page';
}

// Takes the module through its steps, giving answers in turn until the
// result page.  Each answer is [kind, what]: a scene's or a single
// choice's option text, an array of texts for a multiple choice (to
// check) or an order (first to last), or a reflection's text; pages and
// feedback just go on.  Returns the kinds of page seen.
async function takeModule(p, label, answers) {
  const { page } = p;
  const seen = [];
  const todo = [...answers];
  const shares = [];
  for (let guard = 0; guard < 30; guard++) {
    if (/\/attempts\/\d+$/.test(page.url())) {
      // However the module branches or goes back, the share done shown
      // on the way only ever grows.
      ok(shares.every((v, i) => !i || v >= shares[i - 1]),
        `${label}: the share done never goes back`, shares.join(' '));
      return seen;
    }
    if (/\/feedback$/.test(page.url())) {
      seen.push('feedback');
      await visit(p, `${label}-feedback`, { axe: 'feedback' });
      await go(page, page.getByRole('link', { name: 'Continue' }));
      continue;
    }
    const step = (await progress(page)).replace(/^(\d+)% done$/, '$1');
    shares.push(Number(step));
    const shows = await control(page);
    const [kind, what] = shows === 'page' ? ['page'] : todo.shift() || ['none'];
    const want = kind === 'scene' || kind === 'single' ? 'one' : kind;
    if (shows !== want && !(kind === 'scene' && shows === 'button'))
      throw new Error(`step ${step} shows ${shows}, not the ${kind} expected`);
    seen.push(kind);
    await visit(p, `${label}-${String(seen.length).padStart(2, '0')}-${kind}`,
      { phone: true, axe: `${kind} step` });
    if (shows === 'button') {
      // A scene with one way on is that one button.
      await go(page, page.getByRole('button', { name: what, exact: true }));
      continue;
    }
    await answer(page, kind, what);
    await go(page, page.getByRole('button', { name: 'Continue' }));
  }
  throw new Error('the module did not end');
}

// Gives one answer through the controls' roles and labels.
async function answer(page, kind, what) {
  if (kind === 'multiple') {
    for (const t of what)
      await page.getByRole('checkbox', { name: t, exact: true }).check();
  } else if (kind === 'order') {
    // With JavaScript the items are a list to arrange (templates/web/
    // order.js): each moved up into place with its button, or the list
    // confirmed as it stands; without it, a select of position each.
    if (await page.locator('.order-list').count()) {
      let moved = false;
      for (const [i, t] of what.entries()) {
        const texts = () => page.locator('.order-item .text').allInnerTexts();
        while ((await texts()).indexOf(t) > i) {
          await page.getByRole('button', { name: `Move up: “${t}”`, exact: true }).click();
          moved = true;
        }
      }
      if (!moved)
        await page.getByRole('button', { name: 'This order is right' }).click();
    } else {
      for (const [i, t] of what.entries())
        await page.getByRole('combobox', { name: t, exact: true })
          .selectOption(String(i + 1));
    }
  } else if (kind === 'reflect') {
    await page.getByRole('textbox', { name: 'Your answer' }).fill(what);
  } else if (kind !== 'page') {
    await page.getByRole('radio', { name: what, exact: true }).check();
  }
}

// The example pack's right answers (BASICS_RIGHT in tests/lib.sh).
const RIGHT = [
  ['scene', "Say you can't promise that, but that you will listen and help"],
  ['single', 'Tell the DSL straight away'],
  ['multiple', ['Stay calm and let them speak in their own words',
    'Tell them they were right to tell you']],
  ['truefalse', 'False'],
  ['order', ['Listen, and let the pupil finish',
    'Explain what will happen next and who you will tell',
    'Tell the DSL straight away']],
  ['reflect', "I can't keep this a secret, but I will listen and I will help."],
];

// Every answer wrong (the second playthrough of tests/basics.lua): the
// scene's "why" leads back through a second scene, and to an extra page.
const WRONG = [
  ['scene', "Ask Jordan why they didn't tell anyone sooner"],
  ['scene', 'Go back and try again'],
  ['scene', "Say you can't promise that, but that you will listen and help"],
  ['single', "Ask Jordan's friends whether it is true"],
  ['multiple', ['Promise to keep it between the two of you',
    'Ask questions that suggest an answer, such as "Did he hurt you?"']],
  ['truefalse', 'True'],
  ['order', ['Tell the DSL straight away', 'Listen, and let the pupil finish',
    'Explain what will happen next and who you will tell']],
  ['reflect', 'I would listen first.'],
];

// From the catalogue, opens the module and begins an attempt.
async function begin(p, label, linkName = 'Begin') {
  await go(p.page, await moduleLink(p.page, linkName));
  await p.page.getByRole('heading', { level: 1, name: MODULE }).waitFor();
  await visit(p, `${label}-intro`, { phone: true, axe: 'module intro' });
  ok(/Pass mark\s*80%/.test(await text(p.page)), `${p.who}: the module's page gives its pass mark`);
  await go(p.page, p.page.getByRole('button', { name: 'Begin' }));
  await p.page.getByText(/^0% done$/).waitFor();
}

// ---- the flows ----

const state = {};

// a. Staff A passes with the right answers and opens the certificate.
async function flowA(browser) {
  const p = await newPerson(browser, 'a');
  const { page } = p;
  await signIn(p, 'Alex Able', 'A1');
  like(await text(page, 'banner'), /Signed in as Alex Able/, 'a: staff A signs in and is greeted');
  const bg = await page.getByRole('banner').evaluate(el => getComputedStyle(el).backgroundColor);
  is(bg, 'rgb(31, 58, 95)', 'a: the stylesheet applies under the CSP');
  await visit(p, 'catalogue', { phone: true, axe: 'catalogue' });
  like(await text(page), /Listening to a disclosure[\s\S]*Not started/, 'a: the catalogue lists the module, not started');

  await begin(p, 'take');
  const kinds = await takeModule(p, 'take', RIGHT);
  is([...new Set(kinds)].sort().join(' '),
    'feedback multiple order page reflect scene single truefalse',
    'a: the take went through every kind of step, and feedback');
  await visit(p, 'result', { phone: true, axe: 'result' });
  const result = await text(page);
  ok(await page.getByRole('heading', { name: 'Passed', exact: true }).isVisible(),
    'a: the result says Passed');
  like(result, /CPD minutes\s*20/, 'a: with the CPD minutes');
  like(result, /9 of 9 points \(100%\)/, 'a: and the score');
  ok(await page.getByRole('heading', { name: 'Question by question' }).isVisible(),
    'a: what was right and wrong, question by question');
  ok(await page.getByRole('link', { name: 'Next: Writing it down' }).isVisible(),
    'a: and the way on to the next module');
  like(result, /Finished\s*[1-9]\d? [A-Z][a-z]+ \d{4}\s/, 'a: and the date, in words');
  const code = (result.match(/Certificate code\s*([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/) || [])[1];
  ok(code, 'a: and a certificate code', result.slice(0, 600));
  state.code = code;

  await go(page, page.getByRole('link', { name: 'View and print your certificate' }));
  await page.getByRole('heading', { level: 1, name: 'Certificate of completion' }).waitFor();
  await visit(p, 'certificate', { phone: true, axe: 'certificate' });
  const cert = await page.locator('body').innerText();
  like(cert, /Alex Able/, "a: the certificate names the learner");
  ok(code && cert.includes(code), 'a: and carries the code', cert.slice(0, 600));
  const frame = await page.locator('.frame').evaluate(el => {
    const s = getComputedStyle(el);
    return `${s.borderTopStyle} ${s.borderTopWidth}`;
  });
  ok(/^solid [1-9]/.test(frame), "a: the certificate's style applied (CSP hash)",
    `the frame's border: ${frame}`);
  if (code) {
    const v = spawnSync(env.VIGIL, ['verify', code], { env, encoding: 'utf8' });
    like(v.stdout, /is genuine/, 'a: vigil verify knows the code');
  }

  // Error pages, as a learner meets them.
  const r404 = await page.goto(`${base()}/take/example/nosuch`);
  is(r404.status(), 404, 'a: an unknown module is 404');
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await visit(p, 'error-404', { axe: 'error 404' });
  const r403 = await page.goto(`${base()}/admin`);
  is(r403.status(), 403, 'a: the records are 403 for a learner');
  await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
  await visit(p, 'error-403', { axe: 'error 403' });
  await go(page, page.getByRole('link', { name: 'Back to the start' }));
  await page.getByRole('heading', { level: 1, name: 'Your training' }).waitFor();
  like(await text(page), /Passed on/, 'a: the catalogue now says passed');
  await visit(p, 'catalogue-passed');
  await p.context.close();
}

// b. Staff B answers wrongly, does not pass, tries again and passes.
async function flowB(browser) {
  const p = await newPerson(browser, 'b');
  const { page } = p;
  await signIn(p, 'Bo Baker', 'B2');
  await visit(p, 'catalogue');
  await begin(p, 'first');
  const kinds = await takeModule(p, 'first', WRONG);
  is(kinds.filter(k => k === 'scene').length, 3,
    'b: "why" led to the second scene and back');
  await visit(p, 'result', { axe: 'result (not passed)' });
  ok(await page.getByRole('heading', { name: 'Not passed', exact: true }).isVisible(),
    'b: the result says Not passed');
  like(await text(page), /CPD minutes\s*0/, 'b: with no CPD minutes');
  like(await text(page), /Not right \(0 of \d points?\): /,
    'b: naming the questions not answered right');
  await go(page, page.getByRole('link', { name: 'Try again' }));
  await page.getByRole('heading', { level: 1, name: MODULE }).waitFor();
  await visit(p, 'again-intro');
  await go(page, page.getByRole('button', { name: 'Begin' }));
  await page.getByText(/^0% done$/).waitFor();
  await takeModule(p, 'again', RIGHT);
  await visit(p, 'result-again');
  ok(await page.getByRole('heading', { name: 'Passed', exact: true }).isVisible(),
    'b: the second attempt passes');
  await page.goto(`${base()}/`);
  like(await text(page), /Passed on/, 'b: the catalogue says passed');
  await visit(p, 'catalogue-passed');
  await p.context.close();
}

// c. Staff C stops halfway, the server restarts, C carries on at the same
// step: in the same browser, and after signing in again in a new one.
async function flowC(browser) {
  const p = await newPerson(browser, 'c');
  const { page } = p;
  await signIn(p, 'Cy Carer', 'C3');
  await visit(p, 'catalogue');
  await begin(p, 'take');
  // Two pages, the scene and its feedback, the single choice and its
  // feedback: then the multiple choice, whose options are shuffled.
  let n = '';
  for (const a of [null, null, RIGHT[0][1], 'fb', RIGHT[1][1], 'fb']) {
    if (a === 'fb') {
      ok(/\/feedback$/.test(page.url()), `c: feedback after step ${n}`);
      await visit(p, `feedback${n}`);
      await go(page, page.getByRole('link', { name: 'Continue' }));
      continue;
    }
    n = (await progress(page)).replace(/^(\d+)% done$/, '$1');
    await visit(p, `at${n.padStart(2, '0')}pc`);
    if (a)
      await page.getByRole('radio', { name: a, exact: true }).check();
    await go(page, page.getByRole('button', { name: 'Continue' }));
  }
  await page.getByRole('group', { name: 'Choose every answer that applies' }).waitFor();
  await visit(p, 'stopped-here', { phone: true });
  const here = await page.getByRole('main').ariaSnapshot();
  const hereStep = await progress(page);
  const options = await page.getByRole('checkbox').evaluateAll(els =>
    els.map(e => e.labels[0].textContent));
  await go(page, page.getByRole('link', { name: 'Save and finish later' }));
  await page.getByRole('heading', { level: 1, name: 'Your training' }).waitFor();
  like(await text(page), /In progress since/, 'c: the catalogue says in progress');
  await visit(p, 'catalogue-in-progress', { phone: true });

  const status = await serverStop();
  is(status, 0, 'c: the server stops on SIGTERM with status 0');
  ok(await serverStart(), 'c: and starts again');

  // The same browser: the session is in the database, the cookie works.
  await page.goto(`${base()}/`);
  like(await text(page, 'banner'), /Signed in as Cy Carer/,
    'c: after the restart the same browser is still signed in');
  await visit(p, 'after-restart-catalogue');
  await go(page, await moduleLink(page, 'Carry on'));
  await page.getByRole('group', { name: 'Choose every answer that applies' }).waitFor();
  await visit(p, 'after-restart-step');
  is(await progress(page), hereStep, `c: and carries on at the same step (${hereStep})`);
  is(await page.getByRole('main').ariaSnapshot(), here,
    'c: the same page: text, options and their order');

  // A new browser: signing in again finds the attempt.
  const q = await newPerson(browser, 'c2');
  await signIn(q, 'Cy Carer', 'C3');
  await visit(q, 'catalogue');
  await go(q.page, await moduleLink(q.page, 'Carry on'));
  await q.page.getByRole('group', { name: 'Choose every answer that applies' }).waitFor();
  await visit(q, 'step', { phone: true });
  is(await q.page.getByRole('main').ariaSnapshot(), here,
    'c: signing in again in a new browser resumes the same step');
  const again = await q.page.getByRole('checkbox').evaluateAll(els =>
    els.map(e => e.labels[0].textContent));
  is(again.join(' | '), options.join(' | '), 'c: with the options in the same order');
  await q.context.close();
  await p.context.close();
}

// d. The DSL signs in and looks at the dashboard, the completion grid and
// who is overdue, the downloads, the import and forget pages (forgetting
// nobody), and checks A's certificate code.
async function flowD(browser) {
  const p = await newPerson(browser, 'd');
  const { page } = p;
  await page.goto(`${base()}/admin`);
  like(page.url(), /\/admin\/signin$/, 'd: the records send the DSL to sign in');
  await visit(p, 'admin-signin', { phone: true, axe: 'admin sign-in' });
  await page.getByLabel('Admin password').fill('correct horse battery');
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await visit(p, 'dashboard', { phone: true, axe: 'dashboard' });
  await go(page, page.getByRole('link', { name: /^Completion grid/ }));
  await page.getByRole('heading', { level: 1, name: 'Completion grid' }).waitFor();
  await visit(p, 'matrix', { phone: true, axe: 'matrix' });

  // Each row: the reference, the name (the row's header), then a cell
  // per module.
  const table = page.getByRole('table', { name: /^Completion grid/ });
  const cell = async who => (await table.getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(who) }) })
    .getByRole('cell').nth(1).innerText()).trim();
  like(await cell('Alex Able'), /^passed, expires on [1-9]\d? [A-Z][a-z]+ \d{4}$/,
    'd: the grid shows A passed, with the date in words');
  like(await cell('Bo Baker'), /^passed, expires on/, 'd: B passed');
  like(await cell('Cy Carer'), /^in progress since/, 'd: C in progress');
  is(await table.getByRole('link', { name: 'Alex Able' }).getAttribute('href'),
    '/admin/staff/A1', "d: a name links to the person's page");

  // On a phone the table is wider than the screen: it scrolls in its own
  // box, which shows a shadow where there is more, and which the keyboard
  // can scroll.
  await page.setViewportSize(PHONE);
  const box = page.getByRole('region', { name: /^Completion grid/ });
  const cue = await box.evaluate(el => ({
    wider: el.scrollWidth > el.clientWidth,
    attach: getComputedStyle(el).backgroundAttachment,
    image: getComputedStyle(el).backgroundImage,
  }));
  ok(cue.wider, 'd: at 390 px the records table is wider than its box',
    JSON.stringify(cue));
  ok(/local/.test(cue.attach) && /gradient/.test(cue.image),
    'd: and the box shows a shadow at the edge with more beyond',
    `background-attachment: ${cue.attach}; background-image: ${cue.image}`);
  await box.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  ok(await page.waitForFunction(el => el.scrollLeft > 0, await box.elementHandle(),
    { timeout: 5000 }).then(() => true, () => false),
    'd: the keyboard scrolls it (it takes the focus)');
  await page.setViewportSize(DESKTOP);

  await page.goto(`${base()}/admin`);
  await go(page, page.getByRole('link', { name: 'Who is overdue', exact: true }));
  await page.getByRole('heading', { level: 1, name: /overdue/i }).waitFor();
  await visit(p, 'overdue', { phone: true, axe: 'overdue' });
  // Everyone started today: the modules are due within 30 days.
  like(await text(page), /Nothing to show/, 'd: nobody is overdue yet');

  // A was the first person on the roster (flow a).
  await page.goto(`${base()}/admin/learners/1`);
  await page.getByRole('heading', { level: 2, name: 'Every attempt' }).waitFor();
  await visit(p, 'history', { phone: true, axe: 'history' });
  like(await text(page), /passed 9\/9 \(100%\)/, "d: A's history has the pass");
  const history = page.url();
  if (state.code) {
    await go(page, page.getByRole('link', { name: state.code }));
    await page.getByRole('heading', { level: 1, name: 'Certificate of completion' }).waitFor();
    await visit(p, 'certificate');
    like(await page.locator('body').innerText(), /Alex Able/,
      "d: the DSL opens A's certificate from the history");
    await page.goto(history);
    await visit(p, 'history-again');
  }

  await go(page, page.getByRole('link', { name: 'Forget this person' }));
  await page.getByRole('heading', { level: 1, name: 'Forget Alex Able' }).waitFor();
  await visit(p, 'forget', { axe: 'forget confirmation' });
  like(await text(page), /1 attempt\b[\s\S]*1 certificate\b/, 'd: the forget page says what would go');
  ok(await page.getByLabel(/To confirm, type their reference/).isVisible(),
    'd: its confirmation field is labelled');
  await go(page, page.getByRole('link', { name: 'Keep them' }));
  is(page.url(), history, 'd: "Keep them" goes back to the history');
  await visit(p, 'history-kept');

  await page.goto(`${base()}/admin`);
  await visit(p, 'matrix-downloads');
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV', exact: true }).click();
  const dl = await downloading;
  like(dl.suggestedFilename(), /^vigil-records-\d{4}-\d{2}-\d{2}\.csv$/,
    'd: the CSV downloads as a dated file');
  const csv = readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.split('\r\n');
  like(lines[0], /^"attempt","learner_ref","learner_name",.*"certificate"$/,
    'd: with the header row');
  ok(lines.some(l => l.includes('"A1","Alex Able"') && l.includes('"passed"') &&
    state.code && l.includes(state.code)), "d: and A's passed attempt", csv.slice(0, 800));

  await go(page, page.getByRole('link', { name: 'Import the staff list (CSV)' }));
  await page.getByRole('heading', { level: 1, name: 'Import the staff list' }).waitFor();
  await visit(p, 'import', { axe: 'import' });
  ok(await page.getByLabel('The staff list (a CSV file)').isVisible(),
    'd: the import page has a labelled file field');

  await go(page, page.getByRole('link', { name: 'Check a certificate' }));
  await page.getByRole('heading', { level: 1, name: 'Check a certificate' }).waitFor();
  await visit(p, 'verify', { phone: true, axe: 'verify form' });
  await page.getByLabel('Certificate code').fill(state.code || 'none');
  await go(page, page.getByRole('button', { name: 'Check' }));
  await page.getByRole('heading', { level: 2, name: /genuine|Not known/ }).waitFor();
  await visit(p, 'verify-result', { phone: true, axe: 'verify result' });
  const v = await text(page);
  like(v, /This certificate is genuine/, "d: A's code is genuine");
  like(v, /Name\s*Alex Able/, 'd: and is Alex Able\'s');

  await page.goto(`${base()}/admin`);
  await visit(p, 'matrix-last');
  await go(page, page.getByRole('button', { name: 'Sign out' }));
  await page.waitForURL(`${base()}/`);
  await visit(p, 'signed-out');
  is((await page.goto(`${base()}/admin`)) && new URL(page.url()).pathname,
    '/admin/signin', 'd: signed out, the records need signing in again');
  await visit(p, 'admin-signin-again');
  await p.context.close();
}

// ---- main ----

// Runs one flow; an exception fails it, with a screenshot of where.
async function flow(id, name, fn, browser) {
  const before = tap.failed;
  try {
    await fn(browser);
    ok(tap.failed === before, `flow ${id} (${name}) ran to its end without a failure`);
  } catch (e) {
    ok(false, `flow ${id} (${name}) ran to its end`, e.stack || String(e));
    for (const c of browser.contexts())
      for (const pg of c.pages())
        await pg.screenshot({
          path: path.join(env.VIGIL_SHOTS, `failed-${id}-${c.pages().indexOf(pg)}.png`),
          fullPage: true,
        }).catch(() => {});
    await Promise.all(browser.contexts().map(c => c.close().catch(() => {})));
  }
}

async function main() {
  ok(await serverStart(), `vigil serve starts on port ${serverPort()}`);
  // Launched with a fresh, temporary user-data-dir of playwright's own;
  // the flags keep Chromium from reaching out (this network is closed).
  const browser = await launch(chromium, env.VIGIL_CHROMIUM);
  diag(`${browser.version()}; screenshots in ${env.VIGIL_SHOTS}`);
  try {
    await axeSelfCheck(browser);
    await flow('a', 'pass and certificate', flowA, browser);
    await flow('b', 'fail and retry', flowB, browser);
    await flow('c', 'stop, restart, resume', flowC, browser);
    await flow('d', 'the DSL', flowD, browser);
  } finally {
    await browser.close();
  }
  ok(!cspErrors.length, 'no page broke the Content-Security-Policy', cspErrors.join('\n'));
  const status = await serverStop();
  is(status, 0, 'vigil serve stops with status 0');
  ok(!/Sanitizer|runtime error:/.test(serverLog()), 'the server logged no sanitizer error',
    serverLog().slice(-3000));
}

await runTest(main, RUN_TIMEOUT);
