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

import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  needEnv, setup, ok, is, like, checkPage, base, newPerson, go, runFlows,
} from './lib.mjs';

const env = process.env;
needEnv(['VIGIL', 'VIGIL_DB', 'VIGIL_BROWSER_MODULES', 'VIGIL_CHROMIUM',
  'VIGIL_SHOTS', 'VIGIL_ADMIN_PASSWORD']);
const { chromium } = setup(env.VIGIL_BROWSER_MODULES);

const RUN_TIMEOUT = 240000;	// the whole run: axe at four widths is slow

const main = async page => page.getByRole('main').innerText();
let shot = 0;

// The page p shows, at every width (lib.mjs: checkPage): it fits, a
// screenshot NNN-WHO-KIND-wWIDTH.png, and axe; reach(page) makes a page
// that answers a POST again for axe.
async function look(p, kind, reach = null) {
  const n = String(++shot).padStart(3, '0');
  await checkPage(p, kind, path.join(env.VIGIL_SHOTS,
    `${n}-${p.who}-${kind.replace(/\W+/g, '-')}`), undefined, reach);
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
  await look(dsl, 'sign-in');
  await adminSignIn(dsl, '', env.VIGIL_ADMIN_PASSWORD);
  is(new URL(page.url()).pathname, '/admin', 'the set-up account signs in with the password alone');

  // Settings: the school's name, then on every page.
  await page.goto(`${base()}/admin/settings`);
  await look(dsl, 'settings');
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
  await look(dsl, 'groups');

  // A deputy, with a password.
  await addPerson(page, 'D1', 'Dana Deputy', { email: 'dana@school.example',
    job: 'Deputy head', groups: ['Teaching staff'], start: '2026-01-05' });
  like(await main(page), /Added\./, 'the DSL adds a person');
  is(new URL(page.url()).pathname, '/admin/staff/D1', 'whose page is by reference');
  await giveRole(page, 'Deputy', 'the deputy password');
  like(await main(page), /Their password is set/, 'and makes them a deputy with a password');
  like(await main(page), /Admin role\s*deputy/, 'their page shows the role');
  await page.goto(`${base()}/admin/staff/D1`);
  await look(dsl, 'person');

  // Bad input: shown again by its field, kept.
  await page.goto(`${base()}/admin/staff/new`);
  await look(dsl, 'add a person');
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
  await look(dsl, 'assignments');
  await page.goto(`${base()}/admin/groups/remove?group=Teaching%20staff`);
  like(await main(page), /1 assignment goes with it/, 'removing the group would say what goes with it');
  await look(dsl, 'remove a group');
  await go(page, page.getByRole('link', { name: 'Keep it' }));

  // A leaver.
  await addPerson(page, 'L1', 'Lee Leaver', { start: '2025-09-01' });
  await go(page, page.getByRole('button', { name: 'Mark as leaver' }));
  like(await main(page), /They left on/, 'the DSL marks a leaver');
  ok(await page.getByRole('button', { name: 'Back in post' }).isVisible(),
    'with the way back');
  await look(dsl, 'leaver');
  await page.goto(`${base()}/admin/staff/L1/forget`);
  await look(dsl, 'forget');

  // A sign-in link, made on the person's page, and the audit log.
  await page.goto(`${base()}/admin/staff/D1`);
  await go(page, page.getByRole('button', { name: 'Make a sign-in link' }));
  like(await page.getByLabel('The link').inputValue(), /\/signin\/[A-Za-z0-9_-]{20,}$/,
    'the DSL makes a sign-in link for the deputy');
  // The link is the answer to a POST: axe sees it made the same way.
  await look(dsl, 'sign-in link', async ap => {
    await ap.goto(`${base()}/admin/staff/D1`);
    await Promise.all([ap.waitForNavigation(),
      ap.getByRole('button', { name: 'Make a sign-in link' }).click()]);
    await ap.getByLabel('The link').waitFor();
  });
  await page.goto(`${base()}/admin`);
  await go(page, page.getByRole('link', { name: 'Audit log' }));
  like(await main(page), /leaver[\s\S]*sign-in link made|sign-in link made[\s\S]*learner left/,
    'the audit log has the leaver and the link, newest first');
  await look(dsl, 'audit log');

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
  await look(viewer, 'person, seen by a viewer');
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

await runFlows(chromium, ['--signup', 'roster'], [flowDsl], RUN_TIMEOUT);
