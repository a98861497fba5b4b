// The wall of a hub that knows little yet (no registry imported, so no area tags, and few
// passes): each panel without data says so, and the trend still ends where the gauge is; a read it
// leaves unanswered ends in an error with a retry.
// Prints "CHECK name" per check and "BROWSER OK" at the end; exits non-zero with the reason otherwise.
// Usage: node dashboard-fresh-e2e.mjs BASE_URL USER PASSWORD OUT_DIR DASHBOARD_DIR
import { join } from 'node:path';
import { check, withBrowser } from './harness.mjs';

const [base, user, pass, out, dashboardDir] = process.argv.slice(2);

await withBrowser(dashboardDir, out, async (browser) => {
  for (const [w, h] of [[1920, 1080], [1440, 900], [390, 844]]) {
    const page = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
    page.on('pageerror', (e) => console.log('PAGE ERROR ' + e.message));
    await page.goto(base + '/#/wall');
    await page.fill('input[name=user]', user);
    await page.fill('input[name=password]', pass);
    await page.click('form[data-testid=login] button[type=submit]');
    await page.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]');
    await page.waitForFunction(() => document.querySelector('[data-testid=trend]').dataset.last && [...document.querySelectorAll('.chart')].every((c) => c.dataset.drawn));
    const empty = page.locator('[data-testid=tags-empty]');
    check(`${w}x${h}: the areas ranking says it has no data`, await empty.isVisible() && (await empty.textContent()).includes('暂无区域数据'));
    check(`${w}x${h}: the sites ranking has data`, !(await page.locator('[data-testid=sites-empty]').isVisible()));
    const rate = (await page.textContent('[data-testid=online-rate]')).trim();
    const last = await page.getAttribute('[data-testid=trend]', 'data-last');
    check(`${w}x${h}: trend ends where the gauge is`, last === rate, `${last} vs ${rate}`);
    await page.screenshot({ path: join(out, `wall-fresh-${w}x${h}.png`), fullPage: w < 640 });
  }

  // a read the hub leaves unanswered (held on the way, neither answered nor failed): a minute on, the
  // wall says which read and offers a retry, which brings it up
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.clock.install();
  await page.route('**/api/v1/overview', () => {}, { times: 1 });
  await page.goto(base + '/#/wall');
  await page.fill('input[name=user]', user);
  await page.fill('input[name=password]', pass);
  const held = page.waitForRequest('**/api/v1/overview');
  // the wall's other reads answered and read whole first, so only the held one is left when the clock moves
  // (the page's performance entries are the fake clock's, empty: the answers are watched from here)
  const others = ['online-rate?by=site', 'online-rate?by=tag', 'online-rate/history', 'workitems?limit=15', 'workitems?state=open', 'checkpoints/activity']
    .map((p) => page.waitForResponse((r) => r.url().includes('/api/v1/' + p)).then((r) => r.finished()));
  await page.click('form[data-testid=login] button[type=submit]');
  await held;
  await Promise.all(others);
  await page.waitForFunction(() => document.querySelector('[data-testid=kpi-open]').textContent !== '—'); // and one is on the screen
  await page.evaluate(() => new Promise((r) => setTimeout(r)));
  await page.clock.fastForward('01:01');
  await page.waitForSelector('#screen p.error [data-testid=retry]');
  const said = (await page.textContent('#screen p.error')).trim();
  check('a read the hub leaves unanswered ends in an error that names it', said.includes('中心未在规定时间内响应') && said.includes('GET /api/v1/overview'), said);
  await page.screenshot({ path: join(out, 'wall-no-answer.png') });
  await page.click('[data-testid=retry]');
  await page.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]');
  check('the retry brings the wall up', (await page.locator('#screen p.error').count()) === 0);
});
