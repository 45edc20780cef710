// certificate.mjs - the certificate in a browser: headless Chromium driven
// by playwright-core, with axe-core at 320, 390 and 1280 px, none of which
// may scroll sideways.  The learner's certificate names the school and the
// address of the check; on a phone its title stays on one line and its
// code breaks only at its dashes; the print button appears only with
// JavaScript, prints, and is not printed, nor are the links; the way back
// leads to the learner's training; the PDF is a PDF; the address on the
// certificate checks the code.
//
// Run by tests/t0045-browser-certificate.sh, which sets the school's name
// and address and has the learner pass a module.  From the environment:
// VIGIL, VIGIL_DB, VIGIL_PACKS, VIGIL_BROWSER_MODULES, VIGIL_CHROMIUM,
// VIGIL_SHOTS, VIGIL_NAME (the learner), VIGIL_ATTEMPT and VIGIL_CODE (the
// passed attempt and its code).  Prints TAP.

import path from 'node:path';

import {
  needEnv, setup, ok, is, like, checkPage, base, newPerson, go, runFlows,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS', 'VIGIL_NAME', 'VIGIL_ATTEMPT', 'VIGIL_CODE']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const RUN_TIMEOUT = 120000;
const WIDTHS = [320, 390, 1280];
const CERT = `/attempts/${env.VIGIL_ATTEMPT}/certificate`;
const CHECK = `https://training.ysgol.example/verify?code=${env.VIGIL_CODE}`;
let shot = 0;

// The page p shows, at the three widths: it fits, a screenshot, and axe.
async function look(p, kind) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${p.who}-${kind.replace(/\W+/g, '-')}`), WIDTHS);
}

// How the title and the code are set at the window's width now: the
// title's lines, and the code's lines and its groups' (each one line).
const layout = page => page.evaluate(() => {
  const lines = el => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
  };
  const code = document.querySelector('.check .code');
  return {
    title: lines(document.querySelector('h1')),
    code: lines(code),
    groups: [...code.querySelectorAll('span')].map(lines),
  };
});

async function flowLearner(browser) {
  const siwan = await newPerson(browser, 'siwan');
  const page = siwan.page;

  await page.goto(`${base()}/`);
  await page.getByLabel('Your name').fill(env.VIGIL_NAME);
  await page.getByLabel('Staff reference or email').fill('siwan');
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  await page.goto(`${base()}${CERT}`);
  const text = await page.getByRole('main').innerText();
  like(text, /Ysgol Gynradd Llanfair Pwllgwyngyll/, 'the certificate names the school');
  ok(text.includes(env.VIGIL_NAME), 'and the learner, Welsh letters and all', text);
  ok(text.includes(CHECK), 'and the address of the check', text);
  await look(siwan, 'certificate');

  // On a phone: the title on one line, the code broken only at a dash.
  for (const w of [320, 390]) {
    await page.setViewportSize({ width: w, height: 800 });
    const l = await layout(page);
    is(l.title, 1, `at ${w} px the title is on one line`);
    ok(l.code <= 3 && l.groups.length === 3 && l.groups.every(g => g === 1),
      `at ${w} px the code breaks only at its dashes`, JSON.stringify(l));
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Print: the button calls the browser's print, and nothing of the
  // page's own tools is printed.
  const button = page.getByRole('button', { name: 'Print this certificate' });
  ok(await button.isVisible(), 'with JavaScript there is a print button');
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed++; };
  });
  await button.click();
  is(await page.evaluate(() => window.printed), 1, 'which prints the page');
  await page.emulateMedia({ media: 'print' });
  ok(!await button.isVisible() &&
    !await page.getByRole('link', { name: 'Back to your training' }).isVisible() &&
    !await page.getByRole('link', { name: /PDF/ }).isVisible(),
  'neither the button nor the links are printed');
  ok(await page.getByRole('heading', { name: 'Certificate of completion' }).isVisible(),
    'but the certificate is');
  await page.emulateMedia({ media: 'screen' });
  const printed = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
  is((printed.match(/\/Type\s*\/Page[^s]/g) || []).length, 1,
    'printed from the browser, it is one sheet of A4');

  // The PDF, by its link, with the learner's own cookies.
  const href = await page.getByRole('link', { name: /PDF/ }).getAttribute('href');
  is(href, `${CERT}.pdf`, 'the PDF link is the stable address');
  const pdf = await siwan.context.request.get(`${base()}${href}`);
  is(pdf.status(), 200, 'the PDF answers');
  like(pdf.headers()['content-type'] || '', /^application\/pdf/, 'as application/pdf');
  like((await pdf.body()).subarray(0, 5).toString(), /^%PDF-/, 'and is a PDF');

  await go(page, page.getByRole('link', { name: 'Back to your training' }));
  is(new URL(page.url()).pathname, '/', 'the way back leads to the learner\'s training');
  ok(await page.getByRole('heading', { level: 1, name: 'Your training' }).isVisible(),
    'which shows their training');
  await siwan.context.close();
}

// Without JavaScript there is no button that would do nothing.
async function flowNoScript(browser) {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${base()}/`);
  await page.getByLabel('Your name').fill(env.VIGIL_NAME);
  await page.getByLabel('Staff reference or email').fill('siwan');
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.goto(`${base()}${CERT}`);
  ok(await page.getByRole('link', { name: 'Back to your training' }).isVisible(),
    'without JavaScript the way back is there');
  is(await page.getByRole('button', { name: 'Print this certificate' }).count(), 0,
    'but no print button that would do nothing');
  await ctx.close();
}

async function flowCheck(browser) {
  const checker = await newPerson(browser, 'checker');
  const page = checker.page;

  // The address printed on the certificate, on this server.
  await page.goto(`${base()}/verify?code=${encodeURIComponent(env.VIGIL_CODE)}`);
  const text = await page.getByRole('main').innerText();
  like(text, /This certificate is genuine/, 'the address on the certificate checks the code');
  ok(text.includes(env.VIGIL_NAME), 'and names whose it is', text);
  await look(checker, 'check of a genuine code');
  await page.goto(`${base()}/verify?code=ABCD-EFGH-JKMN`);
  like(await page.getByRole('main').innerText(), /Not known[\s\S]*not show a valid certificate/,
    'a code that was not issued is not valid');
  await look(checker, 'check of an unknown code');
  await checker.context.close();
}

await runFlows(chromium, ['--signup', 'open'], [flowLearner, flowNoScript, flowCheck], RUN_TIMEOUT);
