// lib.mjs - what the browser tests of `vigil serve` share: TAP output,
// axe-core, and the check that a page fits every screen.
//
// A test script imports it and calls setup() once with the folder of
// node_modules that holds playwright-core and axe-core:
//
//   import { setup, ok, checkPage } from './lib.mjs';
//   const { chromium } = setup(process.env.VIGIL_BROWSER_MODULES);
//   ...
//   await checkPage(p, 'staff list', path.join(shots, '012-d-staff'));
//
// where p is { page, context } (a person's page, its browser context).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The widths every page must fit without scrolling sideways: a small
// phone, a common phone, a tablet, a laptop.
export const WIDTHS = [320, 390, 768, 1280];
export const HEIGHT = 900;
export const STEP_TIMEOUT = 15000;	// ms for one action; a sanitizer build is slow

let axeSource = null;

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
export async function axeCheck(p, kind, widths = [1280]) {
  const context = await p.page.context().browser().newContext({
    viewport: { width: widths[0], height: HEIGHT }, bypassCSP: true,
    storageState: await p.context.storageState(),
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
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
export async function checkPage(p, kind, file = null, widths = WIDTHS) {
  await checkFit(p, kind, file, widths);
  await axeCheck(p, kind, widths);
}
