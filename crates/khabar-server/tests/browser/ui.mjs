// Drives Debian's chromium (never a downloaded browser) through the khabar
// web UI: the story list, a story with reused passages, and its side-by-side
// reuse view, checking that every shared passage is highlighted in both texts
// at the offsets the API gives. Usage: node ui.mjs http://127.0.0.1:PORT
// Run by ../browser.rs; exits 0 when every check passes.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.argv[2];
const executablePath = process.env.KHABAR_CHROMIUM || '/usr/bin/chromium';
if (!base) {
  console.error('usage: node ui.mjs BASE_URL');
  process.exit(2);
}

function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
  console.log(`ok: ${what}`);
}

// Offsets are Unicode scalar offsets, not UTF-16 indices.
const chars = (text, start, end) => Array.from(text).slice(start, end).join('');

const profile = mkdtempSync(join(tmpdir(), 'khabar-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30000);
  // Nothing may load from anywhere but the server.
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  const api = async (path) => {
    const r = await context.request.get(base + path);
    check(r.ok(), `GET ${path} answers ${r.status()}`);
    return r.json();
  };
  const all = await api('/v1/stories?limit=500');
  const story = all.stories.find((s) => s.reuse.length > 0);
  check(story !== undefined, 'the archive has a story with reused passages');

  // 1. The story list.
  await page.goto(base + '/');
  check(await page.getAttribute('html', 'dir') === 'rtl', 'the story list is right to left');
  const rows = await page.locator('li.story-row').count();
  check(rows === Math.min(all.total, 30), `the list shows ${rows} stories`);
  check(await page.locator('li.story-row svg.chart').count() > 0, 'stories have a chart of articles over time');
  const row = page.locator(`li.story-row[data-story="${story.id}"]`);
  check(await row.locator('h3').innerText() === story.headline, 'the list shows the story headline');
  check((await row.locator('.size').innerText()).startsWith(String(story.articles.length)), 'the list shows the story size');

  // 2. The story, reached by clicking it.
  await row.locator('h3 a').click();
  await page.waitForURL(`**/stories/${story.id}`);
  check(await page.locator('h1').innerText() === story.headline, 'the story page shows its headline');
  check(await page.locator('table.members tr').count() === story.articles.length + 1, 'the story page lists every member');
  check(await page.locator('svg.chart').count() === 1, 'the story page has a timeline');
  const links = page.locator('a.reuse-link');
  check(await links.count() === story.reuse.length, 'every reuse pair links to its side-by-side view');

  // 3. The reuse view of the first pair, reached by clicking it.
  const pair = story.reuse[0];
  await links.first().click();
  await page.waitForURL('**/reuse?**');
  const [a, b] = [await api(`/v1/articles/${encodeURIComponent(pair.a)}`), await api(`/v1/articles/${encodeURIComponent(pair.b)}`)];
  const sides = page.locator('section.side');
  check(await sides.count() === 2, 'two texts side by side');
  check(await sides.nth(0).getAttribute('data-article') === pair.a, 'the first article on the first side');
  for (const [i, article] of [[0, a], [1, b]]) {
    check(await sides.nth(i).getAttribute('dir') === (/[\u0600-\u06FF]/.test(article.text) ? 'rtl' : 'ltr'),
      `side ${i + 1} takes its text's direction`);
  }
  for (const [n, p] of pair.passages.entries()) {
    const markA = sides.nth(0).locator(`mark[data-p="${n}"]`);
    const markB = sides.nth(1).locator(`mark[data-p="${n}"]`);
    check(await markA.count() === 1 && await markB.count() === 1, `passage ${n + 1} is marked on both sides`);
    check(await markA.innerText() === chars(a.text, p.a_start, p.a_end), `passage ${n + 1} is at its offsets in ${pair.a}`);
    check(await markB.innerText() === chars(b.text, p.b_start, p.b_end), `passage ${n + 1} is at its offsets in ${pair.b}`);
    const bg = await markB.evaluate((m) => getComputedStyle(m).backgroundColor);
    check(bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent', `passage ${n + 1} is visibly highlighted (${bg})`);
  }
  // The unmarked rest of each text is there too, in order.
  const shownA = await sides.nth(0).locator('.text').innerText();
  check(shownA.replace(/\s+/g, ' ').trim() === a.text.replace(/\s+/g, ' ').trim(), 'the whole first text is shown');
  // Clicking a passage lights it on both sides.
  await sides.nth(0).locator('mark[data-p="0"]').click();
  check(await page.locator('mark.on[data-p="0"]').count() === 2, 'clicking a passage lights both copies');

  check(outside.length === 0, `nothing loaded from elsewhere (${outside.join(', ')})`);
  check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  console.log('browser test passed');
} catch (e) {
  console.error(String(e && e.stack || e));
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
