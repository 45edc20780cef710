// lib.mjs - what the browser tests of `vigil serve` share: the server,
// Chromium, each person's browser, TAP output, axe-core, the check that a
// page fits every screen, and the run with its time limit.
//
// A test script imports it, calls setup() once with the folder of
// node_modules that holds playwright-core and axe-core, and hands its
// main function to runTest():
//
//   import { setup, ok, checkPage, runTest } from './lib.mjs';
//   const { chromium } = setup(process.env.VIGIL_BROWSER_MODULES);
//   ...
//   await checkPage(p, 'staff list', path.join(shots, '012-d-staff'));
//
// where p is { page, context, who } (a person's page, its browser
// context, a name for them: newPerson()).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

// The widths every page must fit without scrolling sideways: a small
// phone, a common phone, a tablet, a laptop.
export const WIDTHS = [320, 390, 768, 1280];
export const HEIGHT = 900;
export const STEP_TIMEOUT = 15000;	// ms for one action; a sanitizer build is slow

let axeSource = null;

// Skips the whole test (TAP "1..0 # SKIP") unless every variable of names
// is set in the environment.
export function needEnv(names) {
  for (const v of names) {
    if (!process.env[v]) {
      console.log(`1..0 # SKIP ${v} is not set`);
      process.exit(0);
    }
  }
}

// Loads playwright-core and axe-core from modules (a node_modules
// folder); returns playwright-core.
export function setup(modules) {
  const require = createRequire(path.join(modules, 'noop.js'));
  axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return require('playwright-core');
}

// ---- TAP ----

export const tap = { tests: 0, failed: 0 };

export function diag(text) {
  // Playwright's messages carry terminal colours; TAP wants plain text.
  for (const line of String(text).replace(/\x1b\[[0-9;]*m/g, '').split('\n'))
    console.log(`# ${line}`);
}

export function ok(cond, desc, why) {
  tap.tests++;
  if (cond) {
    console.log(`ok ${tap.tests} - ${desc}`);
  } else {
    tap.failed++;
    console.log(`not ok ${tap.tests} - ${desc}`);
    if (why !== undefined)
      diag(why);
  }
  return cond;
}

export function is(got, want, desc) {
  return ok(got === want, desc, `got:  ${got}\nwant: ${want}`);
}

export function like(text, re, desc) {
  return ok(re.test(text), desc, `wanted ${re} in:\n${String(text).slice(0, 600)}`);
}

// ---- axe ----

// Injects axe-core into page (in a context that bypasses the CSP) and
// runs the WCAG 2 A and AA rules on the whole document.
export async function runAxe(page) {
  if (!await page.evaluate(() => !!window.axe))
    await page.addScriptTag({ content: axeSource });
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
  }));
}

// Reports one axe run: a pass, or one failure for each serious or
// critical violation (the rest are noted).
function axeReport(res, what) {
  const bad = res.violations.filter(v =>
    v.impact === 'serious' || v.impact === 'critical');
  for (const v of res.violations.filter(v => !bad.includes(v)))
    diag(`axe: ${what}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes; not failing)`);
  for (const v of res.incomplete)
    diag(`axe: ${what}: needs review by a person: ${v.id}: ${v.help}: ` +
      v.nodes.slice(0, 3).map(nd => nd.target.join(' ')).join(', '));
  if (!bad.length) {
    ok(true, `axe: ${what} has no serious or critical violations ` +
      `(${res.passes.length} rules pass)`);
    return;
  }
  for (const v of bad)
    ok(false, `axe: ${what}: ${v.impact} ${v.id}: ${v.help}`,
      `${v.helpUrl}\n` + v.nodes.slice(0, 8).map(nd =>
        `${nd.target.join(' ')}: ${nd.html.slice(0, 200)}\n  ` +
        nd.failureSummary.replace(/\n/g, '\n  ')).join('\n'));
}

// Runs axe-core on the page p shows, at each of widths.  The server's CSP
// (default-src 'none') blocks any script the test would add to the page,
// so axe runs in a second context with bypassCSP, given the same cookies,
// which loads the same address (so only GET pages can be checked; the
// server keeps nothing between requests).  The person's own context keeps
// the CSP, so that the tests still see pages as the server's policy lets
// them be.
//
// A page that answers a POST (a sign-in link shown once) cannot be loaded
// again: reach(page), when given, makes it in the second context the way
// the test made it.
export async function axeCheck(p, kind, widths = [1280], reach = null) {
  const context = await p.page.context().browser().newContext({
    viewport: { width: widths[0], height: HEIGHT }, bypassCSP: true,
    storageState: await p.context.storageState(),
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    if (reach)
      await reach(page);
    else
      await page.goto(p.page.url());
    for (const w of widths) {
      await page.setViewportSize({ width: w, height: HEIGHT });
      axeReport(await runAxe(page), `the ${kind} page at ${w} px`);
    }
  } finally {
    await context.close();
  }
}

// ---- fitting the screen ----

// The page's width and the window's, and the element that sticks out
// furthest past the window's right edge (to say what to fix); what is
// inside a box that scrolls or clips is the box's business, not the page's.
async function measure(page) {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= vw)
      return { scroll, inner: vw, worst: null };
    const clipped = el => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible')
          return true;
      return false;
    };
    let worst = null;
    for (const el of document.body.querySelectorAll('*')) {
      if (clipped(el))
        continue;
      // a box's own right edge, or its content's when that spills over
      const b = el.getBoundingClientRect();
      const right = Math.max(b.right, b.left + el.scrollWidth);
      if (right > vw + 0.5 && (!worst || right > worst.right))
        worst = { right: Math.round(right), what: el.tagName.toLowerCase() +
          (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
          ': ' + (el.textContent || '').trim().slice(0, 60) };
    }
    return { scroll, inner: vw, worst };
  });
}

// Checks at each of widths that p's page fits the window (no sideways
// scrolling of the page: a wide table scrolls inside its own box), saving
// a full-page screenshot at each as FILE-wNNN.png when file is given;
// then puts the window back as it was.
export async function checkFit(p, kind, file = null, widths = WIDTHS) {
  const before = p.page.viewportSize();
  try {
    for (const w of widths) {
      await p.page.setViewportSize({ width: w, height: HEIGHT });
      const m = await measure(p.page);
      ok(m.scroll <= m.inner,
        `the ${kind} page fits ${w} px: no sideways scroll`,
        `the page is ${m.scroll} px wide in a window ${m.inner} px wide` +
        (m.worst ? `; widest past the edge (to ${m.worst.right} px): ${m.worst.what}` : ''));
      if (file)
        await p.page.screenshot({ path: `${file}-w${w}.png`, fullPage: true });
    }
  } finally {
    if (before)
      await p.page.setViewportSize(before);
  }
}

// Both: the page fits every width, and axe finds nothing serious at any.
export async function checkPage(p, kind, file = null, widths = WIDTHS,
  reach = null) {
  await checkFit(p, kind, file, widths);
  await axeCheck(p, kind, widths, reach);
}

// ---- the server ----

let server = null;

// A TCP port on 127.0.0.1 that nothing listens on now.
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

// Starts `vigil serve` (VIGIL) with args on a free port (the same one
// again after serverStop, so that a restart keeps the address) and waits
// until it answers: true, or false if it did not.  command is the
// command that serves, for another than serve (['pack', 'preview', DIR]).
export async function serverStart(args = [], command = ['serve']) {
  const port = server ? server.port : await freePort();
  const log = server ? server.log : '';
  const proc = spawn(process.env.VIGIL, [...command, '--listen',
    `127.0.0.1:${port}`, ...args], { env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'] });
  const s = { proc, port, log, gone: false, args };
  s.exited = new Promise(resolve => proc.on('exit', (code, sig) => {
    s.gone = true;
    resolve(sig ? `signal ${sig}` : code);
  }));
  proc.stdout.on('data', d => { s.log += d; });
  proc.stderr.on('data', d => { s.log += d; });
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

// Stops it with SIGTERM, as an administrator would: its exit status.
export async function serverStop() {
  if (!server || server.gone)
    return null;
  server.proc.kill('SIGTERM');
  return server.exited;
}

// The server's address, port and everything it has written so far.
export const base = () => `http://127.0.0.1:${server ? server.port : 0}`;
export const serverPort = () => (server ? server.port : 0);
export const serverLog = () => (server ? server.log : '');

// ---- Chromium and each person's browser ----

// Headless Chromium at path, as quiet as it can be made.
export async function launch(chromium, executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
}

// Every page that broke the Content-Security-Policy, for a check at the end.
export const cspErrors = [];

// A new browser context: a person's own browser, with its own cookies.
export async function newPerson(browser, who,
  viewport = { width: 1280, height: HEIGHT }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('console', m => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text()))
      cspErrors.push(`${who} at ${page.url()}: ${m.text()}`);
  });
  return { context, page, who };
}

// Clicks what loc names and waits for the page it leads to.
export async function go(page, loc) {
  await Promise.all([page.waitForNavigation(), loc.click()]);
}

// ---- the run ----

// Runs main within timeout ms, then prints the TAP plan and sets the exit
// status: a run that throws or overruns is a failure, the server is
// stopped either way, and its log's end is shown when anything failed.
export async function runTest(main, timeout) {
  const watchdog = setTimeout(() => {
    ok(false, `the browser tests finished within ${timeout / 1000}s`);
    console.log(`1..${tap.tests}`);
    if (server)
      server.proc.kill('SIGKILL');
    process.exit(1);
  }, timeout);
  try {
    await main();
  } catch (e) {
    ok(false, 'the browser tests ran', e.stack || String(e));
  } finally {
    clearTimeout(watchdog);
    if (server && !server.gone)
      server.proc.kill('SIGTERM');
    if (tap.failed)
      diag(`server log (end):\n${serverLog().slice(-2000)}`);
    console.log(`1..${tap.tests}`);
    process.exitCode = tap.failed ? 1 : 0;
  }
}

// Runs a browser test's flows as every test script does: starts `vigil
// serve` with serveArgs, runs each flow(browser) in turn (a flow that
// throws ends them, with a screenshot of each open page), then checks
// that no page broke the CSP and the server stops cleanly with nothing
// from the sanitizers in its log; all within timeout ms.  command serves
// in place of serve (serverStart).
export async function runFlows(chromium, serveArgs, flows, timeout,
  command = ['serve']) {
  await runTest(async () => {
    ok(await serverStart(serveArgs, command),
      `vigil serve starts on port ${serverPort()}`);
    const browser = await launch(chromium, process.env.VIGIL_CHROMIUM);
    diag(`${browser.version()}; screenshots in ${process.env.VIGIL_SHOTS}`);
    try {
      const before = tap.failed;
      try {
        for (const flow of flows)
          await flow(browser);
        ok(tap.failed === before, 'the flow ran to its end without a failure');
      } catch (e) {
        ok(false, 'the flow ran to its end', e.stack || String(e));
        for (const c of browser.contexts())
          for (const pg of c.pages())
            await pg.screenshot({
              path: path.join(process.env.VIGIL_SHOTS,
                `failed-${c.pages().indexOf(pg)}.png`),
              fullPage: true,
            }).catch(() => {});
      }
    } finally {
      await browser.close();
    }
    ok(!cspErrors.length, 'no page broke the Content-Security-Policy', cspErrors.join('\n'));
    is(await serverStop(), 0, 'vigil serve stops with status 0');
    ok(!/Sanitizer|runtime error:/.test(serverLog()), 'the server logged no sanitizer error',
      serverLog().slice(-3000));
  }, timeout);
}
