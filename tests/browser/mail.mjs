// mail.mjs - sign-in by email and the DSL's reminders page in a browser:
// headless Chromium driven by playwright-core, with axe-core on each page
// at four widths (320, 390, 768 and 1280 px), none of which may scroll
// sideways, against a real SMTP server (tests/smtp-sink.py) whose kept
// messages the test reads for the link, as the person would in their mail.
//
// Run by tests/t0042-browser-mail.sh, which sets up the packs, the staff,
// the mail settings, the SMTP server and the set-up account's password.
// From the environment: VIGIL, VIGIL_DB, VIGIL_PACKS, VIGIL_BROWSER_MODULES,
// VIGIL_CHROMIUM, VIGIL_SHOTS, VIGIL_ADMIN_PASSWORD, VIGIL_SINK (the SMTP
// server's folder) and VIGIL_MAIL_READ (tests/mail-read.py).  Prints TAP.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

import {
  needEnv, setup, ok, is, like, checkPage, base, newPerson, go, runFlows,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS', 'VIGIL_ADMIN_PASSWORD', 'VIGIL_SINK', 'VIGIL_MAIL_READ']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const RUN_TIMEOUT = 240000;	// the whole run: axe at four widths is slow
const MAIL_WAIT = 20000;	// ms for a message to reach the SMTP server

const main = async page => page.getByRole('main').innerText();
let shot = 0;

// The page p shows, at every width: it fits, a screenshot, and axe.
async function look(p, kind, reach = null) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${p.who}-${kind.replace(/\W+/g, '-')}`), undefined, reach);
}

// The messages the SMTP server has kept, in the order they came.
const messages = () => readdirSync(env.VIGIL_SINK)
  .filter(f => /^\d+\.eml$/.test(f)).sort();

// Waits until the server holds more than n messages: the newest's file
// name, or null after MAIL_WAIT.
async function nextMessage(n) {
  for (let t = 0; t < MAIL_WAIT; t += 100) {
    const m = messages();
    if (m.length > n)
      return m[m.length - 1];
    await new Promise(r => setTimeout(r, 100));
  }
  return null;
}

// A kept message decoded by tests/mail-read.py (Python's email package).
function readMail(file) {
  const r = spawnSync('/usr/bin/python3', [env.VIGIL_MAIL_READ,
    path.join(env.VIGIL_SINK, file)], { encoding: 'utf8' });
  return r.stdout || '';
}

// Asks for a link on the sign-in page by the field's label and button.
async function askForLink(p, address) {
  await p.page.goto(`${base()}/`);
  await p.page.getByLabel('Your email address').fill(address);
  await go(p.page, p.page.getByRole('button', { name: 'Email me a sign-in link' }));
}

// ---- the flow ----

async function flowLearner(browser) {
  const sian = await newPerson(browser, 'sian');
  const page = sian.page;

  await page.goto(`${base()}/`);
  like(await main(page), /Email me a sign-in link/, 'the sign-in page offers a link by email');
  await look(sian, 'sign-in with the email form');

  // A form sent empty (past the browser's own check) says what to do.
  await page.evaluate(() => { document.querySelector('form[action="/signin/email"]').noValidate = true; });
  await go(page, page.getByRole('button', { name: 'Email me a sign-in link' }));
  like(await main(page), /There is a problem[\s\S]*Enter your email address/,
    'an empty address is a problem by its field');
  await look(sian, 'email form with a problem', async pg => {
    await pg.goto(`${base()}/`);
    await pg.evaluate(() => { document.querySelector('form[action="/signin/email"]').noValidate = true; });
    await Promise.all([pg.waitForNavigation(),
      pg.getByRole('button', { name: 'Email me a sign-in link' }).click()]);
  });

  const before = messages().length;
  await askForLink(sian, 'Sian@School.Example');
  like(await main(page), /Check your email/, 'she is told to check her email');
  const known = await main(page);
  await look(sian, 'check your email');

  const file = await nextMessage(before);
  ok(file, 'a message reaches the SMTP server');
  const mail = readMail(file || '');
  like(mail, /^To: .*sian@school\.example/m, 'addressed to her');
  const link = (mail.match(/^Link: (\S+\/signin\/\S+)$/m) || [])[1];
  ok(link && link.startsWith(`${base()}/signin/`), `with a sign-in link (${link})`);

  // An unknown address: the same page, and nothing sent.
  const other = await newPerson(browser, 'other');
  await askForLink(other, 'nobody@school.example');
  is(await main(other.page), known, 'an unknown address shows the same page');
  await new Promise(r => setTimeout(r, 1000));
  is(messages().length, before + 1, 'and nothing is sent to it');
  await other.context.close();

  // The link from the mail: a page naming her, then Sign in.
  await page.goto(link);
  like(await main(page), /Sign in as Siân Evans/, 'the link names her');
  await look(sian, 'sign in from the link');
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  is(new URL(page.url()).pathname, '/', 'Sign in takes her home');
  like(await page.locator('header.site').innerText(), /Siân Evans/, 'signed in as her');
  like(await main(page), /Listening when a pupil tells you something worrying/,
    'with her training to take');

  // The link worked once; someone else opening it is told so.
  const later = await newPerson(browser, 'later');
  await later.page.goto(link);
  like(await main(later.page), /This sign-in link does not work[\s\S]*used already/,
    'the used link no longer works, saying why');
  ok(await later.page.getByLabel('Your email address').count() === 1,
    'and offers a new one by email');
  await look(later, 'link that does not work');
  await later.context.close();
  await sian.context.close();
}

async function flowDsl(browser) {
  const dsl = await newPerson(browser, 'dsl');
  const page = dsl.page;

  await page.goto(`${base()}/admin/signin`);
  await page.getByLabel('Admin password').fill(env.VIGIL_ADMIN_PASSWORD);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  await go(page, page.getByRole('link', { name: 'Reminders' }));
  is(new URL(page.url()).pathname, '/admin/reminders', 'the dashboard leads to the reminders');
  like(await main(page), /Who would get a reminder now[\s\S]*Ffion ap Gwilym[\s\S]*Sent now/,
    'which lists who would get one now');
  like(await main(page), /Cai Jones[\s\S]*no email address/, 'and who not, and why');
  like(await main(page), /sign-in link[\s\S]*accepted/, 'and the log has the sign-in link sent');
  await look(dsl, 'reminders');

  const before = messages().length;
  await go(page, page.getByRole('button', { name: 'Send reminders' }));
  like(await main(page), /Sending has started/, 'Send reminders says sending has started');
  ok(await nextMessage(before), 'a reminder reaches the SMTP server');
  await page.reload();
  like(await main(page), /reminder[\s\S]*accepted/, 'and the log shows it accepted');
  await look(dsl, 'reminders after sending');
  await dsl.context.close();
}

await runFlows(chromium, ['--signup', 'roster'], [flowLearner, flowDsl], RUN_TIMEOUT);
