// people.mjs - the DSL's console in a browser: headless Chromium driven
// by playwright-core, with axe-core on every page of people, roles,
// groups, assignments and settings at four widths (320, 390, 768 and
// 1280 px), none of which may scroll sideways.
//
// Run by tests/t0036-browser-people.sh, which sets up the packs, the
// database and the set-up account's password.  From the environment:
// VIGIL, VIGIL_DB, VIGIL_PACKS, VIGIL_PLUGINS, VIGIL_BROWSER_MODULES,
// VIGIL_CHROMIUM, VIGIL_SHOTS and VIGIL_ADMIN_PASSWORD.  Prints TAP.
//
// The DSL adds a deputy, a viewer, a group, an assignment and a leaver as
// a person would, by the labels they see; the viewer tries to change
// something and is refused; the deputy signs in with their password.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = process.env;
for (const v of ['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS', 'VIGIL_ADMIN_PASSWORD']) {
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
const STEP_TIMEOUT = 15000;	// ms for one action; a sanitizer build is slow
const RUN_TIMEOUT = 240000;	// the whole run: axe at four widths is slow

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

// Starts `vigil serve` in roster mode and waits until it answers.
async function serverStart() {
  const proc = spawn(env.VIGIL, ['serve', '--listen', `127.0.0.1:${port}`,
    '--signup', 'roster'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function serverStop() {
  if (!server)
    return null;
  const { proc, exited } = server;
  proc.kill('SIGTERM');
  const status = await exited;
  server = null;
  return status;
}

// ---- pages ----

const base = () => `http://127.0.0.1:${port}`;
const main = async page => page.getByRole('main').innerText();
const cspErrors = [];
let shot = 0;

async function newPerson(browser, who) {
  const context = await browser.newContext({ viewport: { width: 1280, height: HEIGHT } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('console', m => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text()))
      cspErrors.push(`${who} at ${page.url()}: ${m.text()}`);
  });
  return { context, page, who };
}

// Clicks what loc names and waits for the page it leads to.
async function go(page, loc) {
  await Promise.all([page.waitForNavigation(), loc.click()]);
}

async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
  }));
}

// The page p shows, at each width: no sideways scroll of the page, a
// screenshot, and axe-core (in a second context that bypasses the CSP,
// with the same cookies, loading the same address: every page checked
// is a GET, or reach(ap) makes it the way the test did) with no serious
// or critical violation.
async function checkPage(p, kind, reach = null) {
  const url = p.page.url();
  const axeContext = await p.page.context().browser().newContext({
    bypassCSP: true, storageState: await p.context.storageState(),
  });
  try {
    const ap = await axeContext.newPage();
    ap.setDefaultTimeout(STEP_TIMEOUT);
    for (const width of WIDTHS) {
      await p.page.setViewportSize({ width, height: HEIGHT });
      const [sw, iw] = await p.page.evaluate(() =>
        [document.documentElement.scrollWidth, window.innerWidth]);
      ok(sw <= iw, `${kind} at ${width} px: no sideways scroll`,
        `scrollWidth ${sw} > innerWidth ${iw}`);
      const n = String(++shot).padStart(3, '0');
      await p.page.screenshot({
        path: path.join(env.VIGIL_SHOTS, `${n}-${p.who}-${kind.replace(/\W+/g, '-')}-${width}.png`),
        fullPage: true,
      });
      await ap.setViewportSize({ width, height: HEIGHT });
      if (reach)
        await reach(ap);
      else
        await ap.goto(url);
      const res = await runAxe(ap);
      const bad = res.violations.filter(v =>
        v.impact === 'serious' || v.impact === 'critical');
      ok(!bad.length, `axe: ${kind} at ${width} px: no serious or critical violations`,
        bad.map(v => `${v.impact} ${v.id}: ${v.help}\n` + v.nodes.slice(0, 5).map(nd =>
          `  ${nd.target.join(' ')}: ${nd.html.slice(0, 160)}`).join('\n')).join('\n'));
    }
  } finally {
    await axeContext.close();
    await p.page.setViewportSize({ width: 1280, height: HEIGHT });
  }
}

// Signs in at /admin/signin: a reference (or none, the set-up account)
// and a password.
async function adminSignIn(p, who, password) {
  await p.page.goto(`${base()}/admin/signin`);
  if (who)
    await p.page.getByLabel('Staff reference or email').fill(who);
  await p.page.getByLabel('Admin password').fill(password);
  await go(p.page, p.page.getByRole('button', { name: 'Sign in' }));
}

// Adds a person on /admin/staff/new by the form's labels.
async function addPerson(page, ref, name, { email = '', job = '', groups = [], start = '' } = {}) {
  await page.goto(`${base()}/admin/staff/new`);
  await page.getByLabel('Staff reference').fill(ref);
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (email)
    await page.getByLabel('Email (optional)').fill(email);
  if (job)
    await page.getByLabel('Job role (optional)').fill(job);
  for (const g of groups)
    await page.getByLabel(g, { exact: true }).check();
  if (start)
    await page.getByLabel('First day in post').fill(start);
  await go(page, page.getByRole('button', { name: 'Add', exact: true }));
}

// Gives the person whose page is open a role, and a password.
async function giveRole(page, role, password) {
  await page.getByLabel(new RegExp(`^${role}:`)).check();
  await go(page, page.getByRole('button', { name: 'Change the role' }));
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await go(page, page.getByRole('button', { name: 'Set the password' }));
}

// ---- the flow ----

async function flowDsl(browser) {
  const dsl = await newPerson(browser, 'dsl');
  const page = dsl.page;

  await page.goto(`${base()}/admin/signin`);
  await checkPage(dsl, 'sign-in');
  await adminSignIn(dsl, '', env.VIGIL_ADMIN_PASSWORD);
  is(new URL(page.url()).pathname, '/admin', 'the set-up account signs in with the password alone');

  // Settings: the school's name, then on every page.
  await page.goto(`${base()}/admin/settings`);
  await checkPage(dsl, 'settings');
  await page.getByLabel(/^School name/).fill('Hilltop Primary');
  await go(page, page.getByRole('button', { name: 'Save the settings' }));
  like(await main(page), /The settings are saved/, 'the settings are saved');
  like(await page.locator('header.site').innerText(), /Hilltop Primary/,
    "the school's name heads the page");

  // A group.
  await page.goto(`${base()}/admin/groups`);
  await page.getByLabel('Name of the new group').fill('Teaching staff');
  await go(page, page.getByRole('button', { name: 'Add the group' }));
  like(await main(page), /The group is added/, 'a group is added');
  await checkPage(dsl, 'groups');

  // A deputy, with a password.
  await addPerson(page, 'D1', 'Dana Deputy', { email: 'dana@school.example',
    job: 'Deputy head', groups: ['Teaching staff'], start: '2026-01-05' });
  like(await main(page), /Added\./, 'the DSL adds a person');
  is(new URL(page.url()).pathname, '/admin/staff/D1', 'whose page is by reference');
  await giveRole(page, 'Deputy', 'the deputy password');
  like(await main(page), /Their password is set/, 'and makes them a deputy with a password');
  like(await main(page), /Admin role\s*deputy/, 'their page shows the role');
  await page.goto(`${base()}/admin/staff/D1`);
  await checkPage(dsl, 'person');

  // Bad input: shown again by its field, kept.
  await page.goto(`${base()}/admin/staff/new`);
  await checkPage(dsl, 'add a person');
  await page.getByLabel('Staff reference').fill('D1');
  await page.getByLabel('Name', { exact: true }).fill('Someone Else');
  await go(page, page.getByRole('button', { name: 'Add', exact: true }));
  like(await main(page), /already has the reference D1/, 'a reference in use is refused');
  is(await page.getByLabel('Name', { exact: true }).inputValue(), 'Someone Else',
    'keeping what was typed');
  const described = await page.getByLabel('Staff reference').getAttribute('aria-describedby');
  like(described || '', /ref-error/, 'the error is tied to its field');

  // A viewer.
  await addPerson(page, 'V1', 'Vic Viewer', { job: 'Governor' });
  await giveRole(page, 'Viewer', 'the viewer password');
  like(await main(page), /Admin role\s*viewer/, 'the DSL adds a viewer');

  // An assignment.
  await page.goto(`${base()}/admin/assignments`);
  like(await main(page), /With no assignment at all, every installed module is assigned to everyone within 30 days/,
    'the assignments page says what happens with none');
  await page.getByLabel('Module').selectOption({ label: 'Listening to a disclosure (example/basics)' });
  await page.getByLabel('Who').selectOption({ label: 'Teaching staff' });
  await page.getByLabel('Within (days)').fill('14');
  await go(page, page.getByRole('button', { name: 'Assign' }));
  like(await main(page), /The module is assigned/, 'a module is assigned to the group');
  like(await page.getByRole('table').innerText(), /Listening to a disclosure[\s\S]*Teaching staff\s*14 days/,
    'the table shows it');
  await checkPage(dsl, 'assignments');
  await page.goto(`${base()}/admin/groups/remove?group=Teaching%20staff`);
  like(await main(page), /1 assignment goes with it/, 'removing the group would say what goes with it');
  await checkPage(dsl, 'remove a group');
  await go(page, page.getByRole('link', { name: 'Keep it' }));

  // A leaver.
  await addPerson(page, 'L1', 'Lee Leaver', { start: '2025-09-01' });
  await go(page, page.getByRole('button', { name: 'Mark as leaver' }));
  like(await main(page), /They left on/, 'the DSL marks a leaver');
  ok(await page.getByRole('button', { name: 'Back in post' }).isVisible(),
    'with the way back');
  await checkPage(dsl, 'leaver');
  await page.goto(`${base()}/admin/staff/L1/forget`);
  await checkPage(dsl, 'forget');

  // A sign-in link, made on the person's page, and the audit log.
  await page.goto(`${base()}/admin/staff/D1`);
  await go(page, page.getByRole('button', { name: 'Make a sign-in link' }));
  like(await page.getByLabel('The link').inputValue(), /\/signin\/[A-Za-z0-9_-]{20,}$/,
    'the DSL makes a sign-in link for the deputy');
  // The link is the answer to a POST: axe sees it made the same way.
  await checkPage(dsl, 'sign-in link', async ap => {
    await ap.goto(`${base()}/admin/staff/D1`);
    await Promise.all([ap.waitForNavigation(),
      ap.getByRole('button', { name: 'Make a sign-in link' }).click()]);
    await ap.getByLabel('The link').waitFor();
  });
  await page.goto(`${base()}/admin`);
  await go(page, page.getByRole('link', { name: 'Audit log' }));
  like(await main(page), /leaver[\s\S]*sign-in link made|sign-in link made[\s\S]*learner left/,
    'the audit log has the leaver and the link, newest first');
  await checkPage(dsl, 'audit log');

  // The groups, assignments and audit lists download as CSV, with the
  // columns their pages show.
  for (const [where, name, head] of [
    ['/admin/groups', 'groups', '"Group","People in post","Assignments"'],
    ['/admin/assignments', 'assignments', '"Module","Who","Within"'],
    ['/admin/audit', 'audit', '"time","actor","action","detail"'],
  ]) {
    await page.goto(`${base()}${where}`);
    const waiting = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download as CSV (spreadsheet)' }).click();
    const dl = await waiting;
    const lines = readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, '')
      .split('\r\n').filter(l => l !== '');
    like(dl.suggestedFilename(), new RegExp(`^vigil-${name}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
      `the ${name} list downloads as a dated file`);
    is(lines[0], head, `with the columns of its page (${lines.length - 1} rows)`);
    ok(lines.length > 1, `and its rows (${name})`);
  }

  // The viewer sees, and is refused a change.
  const viewer = await newPerson(browser, 'viewer');
  await adminSignIn(viewer, 'V1', 'the viewer password');
  is(new URL(viewer.page.url()).pathname, '/admin', 'the viewer signs in with a password');
  await viewer.page.goto(`${base()}/admin/staff/D1`);
  like(await main(viewer.page), /Dana Deputy/, 'the viewer sees a person');
  is(await viewer.page.getByRole('button', { name: 'Save' }).count(), 0,
    'without the forms that change them');
  await checkPage(viewer, 'person, seen by a viewer');
  const csrf = await viewer.page.locator('input[name=csrf]').first().getAttribute('value');
  const refused = await viewer.context.request.post(`${base()}/admin/groups/add`,
    { form: { csrf, name: 'Viewers' }, maxRedirects: 0 });
  is(refused.status(), 403, 'the viewer trying to add a group is refused');
  like(await refused.text(), /Viewers can see these pages but not change anything/, 'saying why');
  await page.goto(`${base()}/admin/groups`);
  ok(!/Viewers/.test(await main(page)), 'and no group was added');
  await viewer.context.close();

  // The deputy signs in with their password and changes someone.
  const deputy = await newPerson(browser, 'deputy');
  await adminSignIn(deputy, 'dana@school.example', 'the deputy password');
  is(new URL(deputy.page.url()).pathname, '/admin', 'the deputy signs in with their email and password');
  await deputy.page.goto(`${base()}/admin/staff/V1`);
  await deputy.page.getByLabel('Job role (optional)').fill('Chair of governors');
  await go(deputy.page, deputy.page.getByRole('button', { name: 'Save' }));
  like(await main(deputy.page), /Their details are saved[\s\S]*Chair of governors/,
    'the deputy changes someone');
  await deputy.context.close();
  await dsl.context.close();
}

async function run() {
  port = await freePort();
  ok(await serverStart(), `vigil serve starts on port ${port}`);
  const browser = await chromium.launch({
    executablePath: env.VIGIL_CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  diag(`${browser.version()}; screenshots in ${env.VIGIL_SHOTS}`);
  try {
    const before = failed;
    try {
      await flowDsl(browser);
      ok(failed === before, 'the flow ran to its end without a failure');
    } catch (e) {
      ok(false, 'the flow ran to its end', e.stack || String(e));
      for (const c of browser.contexts())
        for (const pg of c.pages())
          await pg.screenshot({
            path: path.join(env.VIGIL_SHOTS, `failed-${c.pages().indexOf(pg)}.png`),
            fullPage: true,
          }).catch(() => {});
    }
  } finally {
    await browser.close();
  }
  ok(!cspErrors.length, 'no page broke the Content-Security-Policy', cspErrors.join('\n'));
  is(await serverStop(), 0, 'vigil serve stops with status 0');
  ok(!/Sanitizer|runtime error:/.test(serverLog), 'the server logged no sanitizer error',
    serverLog.slice(-3000));
}

const watchdog = setTimeout(() => {
  ok(false, `the browser tests finished within ${RUN_TIMEOUT / 1000}s`);
  console.log(`1..${tests}`);
  if (server)
    server.proc.kill('SIGKILL');
  process.exit(1);
}, RUN_TIMEOUT);

try {
  await run();
} catch (e) {
  ok(false, 'the browser tests ran', e.stack || String(e));
} finally {
  clearTimeout(watchdog);
  if (server)
    server.proc.kill('SIGTERM');
  if (failed)
    diag(`server log (end):\n${serverLog.slice(-2000)}`);
  console.log(`1..${tests}`);
  process.exitCode = failed ? 1 : 0;
}
