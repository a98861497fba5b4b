// Drives the hub's dashboard in headless Chromium (Debian's, via playwright-core) like two
// operators would: log in, read the wall's online rate against the API, open an event, look at
// its snapshots, acknowledge and resolve it, watch the change arrive in a second session, switch
// language; saves screenshots of the three screens. Prints "CHECK name" per check and
// "BROWSER OK" at the end; exits non-zero with the reason otherwise.
// Usage: node dashboard-e2e.mjs BASE_URL OPERATOR PASSWORD VIEWER PASSWORD OUT_DIR DASHBOARD_DIR
import { pathToFileURL } from 'node:url';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, opUser, opPass, viewUser, viewPass, out, dashboardDir] = process.argv.slice(2);
const { launchChromium } = await import(pathToFileURL(join(dashboardDir, 'chromium.mjs')).href);
mkdirSync(out, { recursive: true });
const check = (name, ok, detail = '') => {
  if (!ok) throw new Error(`check failed: ${name} ${detail}`);
  console.log(`CHECK ${name}${detail ? ' ' + detail : ''}`);
};

const browser = await launchChromium();
try {
  const a = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const b = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const pa = await a.newPage();
  const pb = await b.newPage();
  for (const p of [pa, pb]) p.on('pageerror', (e) => console.log('PAGE ERROR ' + e.message));

  async function login(page, user, pass) {
    await page.goto(base + '/#/wall');
    await page.fill('input[name=user]', user);
    await page.fill('input[name=password]', pass);
    await page.click('form[data-testid=login] button[type=submit]');
  }

  // wrong password first: the form says so and stays
  await pa.goto(base + '/');
  await pa.fill('input[name=user]', opUser);
  await pa.fill('input[name=password]', 'not-the-password');
  await pa.click('form[data-testid=login] button[type=submit]');
  await pa.waitForSelector('[data-testid=login-error]:not(:empty)');
  check('login refused with a wrong password', (await pa.textContent('[data-testid=login-error]')).includes('登录失败'));

  await login(pa, opUser, opPass);
  await pa.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]');
  const shown = (await pa.textContent('[data-testid=online-rate]')).trim();
  const api = await pa.evaluate(() => fetch('/api/v1/online-rate').then((r) => r.json()));
  const expected = (api.overall.rate * 100).toFixed(2) + '%';
  check('wall online rate matches the API', shown === expected, `${shown} vs ${expected}`);
  check('wall camera count matches the API', (await pa.textContent('[data-testid=camera-total]')).trim() === String(api.overall.total));
  check('wall is in Chinese by default', (await pa.textContent('[data-testid=nav-wall]')).trim() === '大屏');
  await pa.waitForTimeout(1200); // let the charts finish drawing
  await pa.screenshot({ path: join(out, 'wall.png') });
  check('wall ticker shows work items', (await pa.locator('[data-testid=ticker] li').count()) > 0);

  await login(pb, viewUser, viewPass);
  await pb.waitForSelector('#screen[data-ready=true]');
  await pb.goto(base + '/#/console');
  await pb.waitForSelector('#screen[data-ready=true] [data-testid=queue] li[data-id^=insp-]');

  await pa.goto(base + '/#/console');
  await pa.waitForSelector('#screen[data-ready=true] [data-testid=queue] li[data-id^=insp-]');
  const id = await pa.getAttribute('[data-testid=queue] li[data-id^=insp-]', 'data-id');
  await pa.click(`[data-testid="item-${id}"]`);
  await pa.waitForSelector(`[data-testid=detail][data-id="${id}"] img[data-testid=snapshot]`);
  await pa.waitForFunction(() => { const i = document.querySelector('img[data-testid=snapshot]'); return i && i.complete && i.naturalWidth > 0; });
  check('annotated snapshot shows', (await pa.evaluate(() => document.querySelector('img[data-testid=snapshot]').naturalWidth)) === 960);
  await pa.click('button.tab[data-view=clean]');
  await pa.waitForFunction(() => { const i = document.querySelector('img[data-testid=snapshot]'); return i.src.length > 0 && i.complete && i.naturalWidth > 0; });
  const boxes = await pa.evaluate(() => {
    const c = document.querySelector('canvas.boxes');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  check('boxes drawn over the clean snapshot', boxes > 100, `${boxes} px`);
  await pa.screenshot({ path: join(out, 'console.png') });

  await pb.click(`[data-testid="item-${id}"]`);
  await pb.waitForSelector(`[data-testid=detail][data-id="${id}"]`);
  check('a viewer gets no action buttons', (await pb.locator('[data-testid^=act-]').count()) === 0);

  await pa.click('[data-testid=act-acknowledged]');
  await pa.waitForSelector('[data-testid=detail][data-state=acknowledged]');
  check('acknowledged in one click', (await pa.textContent('[data-testid=detail-state]')).trim() === '已确认');
  await pa.click('[data-testid=act-resolved]');
  await pa.waitForSelector('[data-testid=detail][data-state=resolved]');
  const trail = await pa.textContent('[data-testid=trail]');
  check('resolved, and the trail names the operator', trail.includes(opUser) && trail.includes('已办结'));

  await pb.waitForSelector(`[data-testid=detail][data-id="${id}"][data-state=resolved]`, { timeout: 10000 });
  check('the second session saw the change live', true);
  await pb.click('[data-testid=lang]');
  await pb.waitForSelector('[data-testid=nav-wall]:has-text("Wall")');
  check('switched to English', (await pb.evaluate(() => document.documentElement.lang)) === 'en'
    && (await pb.textContent('[data-testid=nav-console]')).trim() === 'Console');

  const phone = await a.newPage({ viewport: { width: 390, height: 844 } });
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(base + '/#/phone');
  await phone.waitForSelector('#screen[data-ready=true] [data-testid=cards] li[data-id]');
  await phone.waitForFunction(() => [...document.querySelectorAll('[data-testid=cards] img')].every((i) => i.complete));
  check('phone lists open work items', (await phone.locator('[data-testid=cards] li[data-id]').count()) > 0);
  await phone.screenshot({ path: join(out, 'phone.png'), fullPage: false });
  console.log('BROWSER OK');
} catch (e) {
  console.log('BROWSER FAILED ' + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
