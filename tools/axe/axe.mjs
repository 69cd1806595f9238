// axe.mjs: accessibility and layout check of a built gongshi site in headless Chromium.
//
//   node tools/axe/axe.mjs --site DIR [--shots DIR] [--json FILE] [--lang zh-CN,en] [--pages home,case]
//   node tools/axe/axe.mjs --base http://127.0.0.1:8000 ...
//
// --site serves the built site DIR on loopback itself (missing files get 404.html, as a static
// host would); --base checks a site already served. Needs the npm packages axe-core and
// playwright-core (npm ci --prefix tools/axe: package.json pins them; resolved beside this file,
// else from the working directory) and Chromium at $CHROMIUM (default /usr/bin/chromium),
// started headless with a fresh profile (Playwright makes one per launch). For every language
// (from the home page's hreflang alternates) it finds the pages by following the site's own
// links: home, case list, a case, communities, a community, halls, a hall, a meeting, meetings,
// the agenda, the month calendar, statistics (the overview and the page of each family of
// figures it links to), measures, the 404 page, and the search page where
// the site has one. Then on each page it:
//   - runs axe-core (WCAG 2.0/2.1 A and AA rules, plus best practices) and prints every violation;
//   - checks that nothing scrolls sideways at 320 px (WCAG 1.4.10), 360 px and 640 px (1280 px
//     at 200% zoom); the month calendar's table may scroll inside its own region;
//   - checks that the page shows the same text with JavaScript off;
//   - checks that the first Tab lands on the skip link and that the next 25 Tabs each show a
//     focus ring on an element in view;
//   - checks that the page has the language switch and hreflang alternates;
//   - saves screenshots at 360 px and 1280 px with --shots DIR (of the pages named in --pages,
//     default home,case,hall,meeting,stats,stats-volume,stats-rates,month,404);
//   - refuses every request to a host other than the site's own.
// Exits 1 on any violation or failed check.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

let require = createRequire(import.meta.url);
try { require.resolve('playwright-core'); } catch { require = createRequire(path.join(process.cwd(), 'noop.js')); }
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.xml': 'application/xml', '.ics': 'text/calendar', '.atom': 'application/atom+xml' };
let server = null;
if (args.site) {
  const root = path.resolve(args.site);
  server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    let file = path.join(root, path.normalize(p));
    let status = 200;
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(root, '404.html');
      status = 404;
    }
    res.writeHead(status, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  args.base = `http://127.0.0.1:${server.address().port}`;
}
const base = (args.base || 'http://127.0.0.1:8000').replace(/\/$/, '');
const shots = args.shots || '';
const origin = new URL(base).origin;

// Playwright's launch starts Chromium with a fresh temporary profile (its own --user-data-dir).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const foreign = [];
await context.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith(origin + '/') || u.startsWith('data:')) return route.continue();
  foreign.push(u);
  return route.abort();
});
const page = await context.newPage();
const noScript = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
await noScript.route('**/*', (route) => (route.request().url().startsWith(origin + '/') ? route.continue() : route.abort()));
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

async function open(url) {
  const res = await page.goto(base + url, { waitUntil: 'load' });
  return res ? res.status() : 0;
}
async function firstHref(url, selector) {
  await open(url);
  const href = await page.$eval(selector, (a) => a.getAttribute('href')).catch(() => null);
  if (!href) throw new Error(`${url}: no link matches ${selector}`);
  return href;
}

// The language prefixes: read from the home page's hreflang alternates.
await open('/');
const alternates = await page.$$eval('link[rel=alternate][hreflang]', (ls) =>
  ls.filter((l) => l.hreflang !== 'x-default').map((l) => ({ lang: l.hreflang, href: new URL(l.href).pathname })));
const wanted = args.lang ? args.lang.split(',') : alternates.map((a) => a.lang);
const langs = alternates.filter((a) => wanted.includes(a.lang));
if (langs.length === 0) langs.push({ lang: 'default', href: '/' });

const pages = [];
for (const { lang, href: home } of langs) {
  const p = (name, url) => pages.push({ lang, name, url });
  p('home', home);
  p('cases', home + 'cases/');
  p('case', await firstHref(home + 'cases/', 'ul.cases a[href*="/cases/"]'));
  p('communities', home + 'communities/');
  p('community', await firstHref(home + 'communities/', 'table a[href*="/communities/"]'));
  p('halls', home + 'halls/');
  const hall = await firstHref(home + 'halls/', 'ul.cards a[href*="/halls/"]');
  p('hall', hall);
  p('meeting', await firstHref(hall, 'ul.meetings a[href*="/meetings/"]'));
  p('meetings', home + 'meetings/');
  p('agenda', home + 'calendar/');
  p('month', await firstHref(home + 'calendar/', 'a[href*="/calendar/20"]'));
  p('stats', home + 'stats/');
  // The statistics page of each family of figures, from the overview's own links.
  await open(home + 'stats/');
  for (const href of await page.$$eval('nav.families a', (as) => as.map((a) => a.getAttribute('href')))) {
    p('stats-' + href.split('/').filter(Boolean).pop(), href);
  }
  p('measures', home + 'measures/');
  p('404', home + '404.html');
  if (await open(home + 'search/') === 200) p('search', home + 'search/'); // once the search page is built
}

const failures = [];
const report = [];
// Screenshots of these pages only: the long lists (measures, meetings) make huge images.
const shotPages = (args.pages || 'home,case,hall,meeting,stats,stats-volume,stats-rates,month,404').split(',');
page.setDefaultTimeout(120000);
if (shots) fs.mkdirSync(shots, { recursive: true });
for (const pg of pages) {
  const id = `${pg.lang} ${pg.name} ${pg.url}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  const status = await open(pg.url);
  if (status !== 200) failures.push(`${id}: HTTP ${status}`);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }));
  });
  const entry = { ...pg, violations: result, checks: [] };
  for (const v of result) {
    failures.push(`${id}: axe ${v.id} (${v.impact}) ${v.help}: ${v.nodes.length} nodes, e.g. ${v.nodes[0].target}\n    ${v.nodes[0].summary.replace(/\n/g, '\n    ')}`);
  }
  // Head: hreflang alternates, description, OpenGraph, favicon; body: the language switch.
  const head = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    alternates: document.querySelectorAll('link[rel=alternate][hreflang]').length,
    description: !!document.querySelector('meta[name=description]')?.content,
    og: ['og:title', 'og:type', 'og:url', 'og:description'].every((p) => document.querySelector(`meta[property="${p}"]`)),
    icon: !!document.querySelector('link[rel=icon]'),
    switcher: !!document.querySelector('[hreflang]:is(a)'),
  }));
  for (const [k, v] of Object.entries(head)) {
    if (!v) { failures.push(`${id}: missing ${k}`); entry.checks.push(`missing ${k}`); }
  }
  // Without JavaScript: the same text. Charts (figures that charts.js adds, data-chart-for) are
  // drawings of a table that is on the page either way, so their labels do not count.
  // Characters are counted without white space, which layout changes.
  const text = await page.evaluate(() => {
    const len = (el) => el.innerText.replace(/\s/g, '').length;
    let n = len(document.body);
    for (const f of document.querySelectorAll('[data-chart-for]')) n -= len(f);
    return n;
  });
  const noJS = await noScript.newPage();
  await noJS.goto(base + pg.url, { waitUntil: 'load' });
  const textNoJS = await noJS.evaluate(() => document.body.innerText.replace(/\s/g, '').length);
  await noJS.close();
  if (textNoJS < text) {
    failures.push(`${id}: shows ${textNoJS} characters without JavaScript, ${text} with it`);
    entry.checks.push('needs JavaScript');
  }
  // Keyboard: the first Tab reaches the skip link, and focus shows.
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const a = document.activeElement;
    const s = getComputedStyle(a);
    const r = a.getBoundingClientRect();
    return { skip: a.classList.contains('skip'), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
      visible: r.left >= 0 && r.top >= 0 && r.width > 0 };
  });
  if (!focus.skip || !focus.outline || !focus.visible) {
    failures.push(`${id}: first Tab: ${JSON.stringify(focus)}`);
    entry.checks.push('skip link');
  }
  // Keyboard: the next 25 Tabs each land on an element with a visible focus ring, in view.
  const unfocused = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return null;
      const s = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
      return ring && inView ? null : `${a.tagName.toLowerCase()} ${a.textContent.trim().slice(0, 20)}`;
    });
    if (f) unfocused.push(f);
  }
  if (unfocused.length) {
    failures.push(`${id}: focus not visible on ${unfocused.join('; ')}`);
    entry.checks.push('focus');
  }
  // Widths: no sideways scrolling of the page at a phone's width and at 200% zoom.
  for (const width of [320, 360, 640]) {
    await page.setViewportSize({ width, height: 800 });
    const over = await page.evaluate(() => {
      const doc = document.documentElement;
      const out = [];
      if (doc.scrollWidth > doc.clientWidth + 1) {
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > doc.clientWidth + 1 && !el.closest('.scroll')) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
          if (out.length > 4) break;
        }
        return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, elements: out };
      }
      return null;
    });
    if (over) {
      failures.push(`${id}: scrolls sideways at ${width} px: ${JSON.stringify(over)}`);
      entry.checks.push(`overflow at ${width}`);
    }
  }
  if (shots && shotPages.includes(pg.name)) {
    await page.evaluate(() => document.activeElement?.blur());
    const name = `${pg.lang}-${pg.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: path.join(shots, `${name}-360.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
  }
  report.push(entry);
  console.log(`${result.length === 0 && entry.checks.length === 0 ? 'ok  ' : 'FAIL'} ${id}: ${result.length} axe violations${entry.checks.length ? ', ' + entry.checks.join(', ') : ''}`);
}
if (foreign.length) failures.push(`requests to other hosts: ${[...new Set(foreign)].join(', ')}`);
if (consoleErrors.length) failures.push(`script errors: ${consoleErrors.join('; ')}`);
if (args.json) fs.writeFileSync(args.json, JSON.stringify(report, null, 2));
await browser.close();
server?.close();
if (failures.length) {
  console.log('\n' + failures.join('\n'));
  process.exit(1);
}
console.log(`\n${pages.length} pages: no axe violations, no sideways scrolling, skip link first.`);
