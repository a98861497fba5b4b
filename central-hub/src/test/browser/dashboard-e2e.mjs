// Drives the hub's dashboard in headless Chromium (Debian's, via playwright-core) like two
// operators would: log in, read the wall's online rate against the API, open an event, look at
// its snapshots, acknowledge and resolve it, watch the change arrive in a second session, switch
// language; saves screenshots of the three screens. Prints "CHECK name" per check and
// "BROWSER OK" at the end; exits non-zero with the reason otherwise.
// Usage: node dashboard-e2e.mjs BASE_URL OPERATOR PASSWORD VIEWER PASSWORD OUT_DIR DASHBOARD_DIR
import { join } from 'node:path';
import { check, withBrowser } from './harness.mjs';

const [base, opUser, opPass, viewUser, viewPass, out, dashboardDir] = process.argv.slice(2);

// what an operator sees must fit: every chart text inside its chart, none cut short with an ellipsis
async function clippedChartTexts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.chart')) {
      if (el.closest('.panel').querySelector('.empty:not([hidden])')) continue;
      const box = el.getBoundingClientRect();
      for (const tx of el.querySelectorAll('svg text')) {
        const r = tx.getBoundingClientRect();
        const s = tx.textContent;
        if (!s || r.width === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1 || /(\.\.\.|…)$/.test(s)) {
          out.push(`${el.id}: '${s}'`);
        }
      }
    }
    return out;
  });
}

// words in Latin letters where the Chinese screen should have Chinese: headings, labels, buttons, menus, the trail
async function englishInChinese(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('header nav a, header .conn, header .who, header .logout, .facts dt, .actions button, .oncall button, .tabs button, select option, .panel h3, .kpi label, .trail li, .empty, .queue h3')) {
      if (el.closest('[hidden]')) continue;
      const text = [...el.childNodes].filter((n) => n.nodeType === 3 || n.tagName === 'TIME' || n.tagName === 'SPAN').map((n) => n.textContent).join(' ');
      for (const w of text.match(/[A-Za-z][A-Za-z_]{2,}/g) || []) {
        if (!['olga', 'victor', 'admin'].includes(w)) found.push(w);
      }
    }
    return [...new Set(found)];
  });
}

// panels of a screen side by side or stacked, never one over another
async function overlappingPanels(page, selector) {
  return page.evaluate((sel) => {
    const r = [...document.querySelectorAll(sel)].map((e) => [e.className, e.getBoundingClientRect()]);
    const out = [];
    r.forEach(([n, a], i) => r.forEach(([m, b], j) => {
      if (j > i && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${n} / ${m}`);
    }));
    return out;
  }, selector);
}

const notFound = [];
await withBrowser(dashboardDir, out, async (browser) => {
  const a = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const b = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const pa = await a.newPage();
  const pb = await b.newPage();
  for (const p of [pa, pb]) {
    p.on('pageerror', (e) => console.log('PAGE ERROR ' + e.message));
    p.on('response', (r) => { if (r.status() === 404 && !r.url().includes('/api/')) notFound.push(r.url()); });
  }

  async function login(page, user, pass) {
    await page.goto(base + '/#/wall');
    await page.fill('input[name=user]', user);
    await page.fill('input[name=password]', pass);
    await page.click('form[data-testid=login] button[type=submit]');
  }

  // Asks the hub at once for the page's next session check (GET /api/v1/auth/me) but holds its answer
  // on the way back until the returned function is called, which ends once the page has the answer
  // and has run what it does with it.
  async function holdSessionCheck(page) {
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/api/v1/auth/me', async (route) => {
      const answer = await route.fetch();
      await held;
      await route.fulfill({ response: answer });
    }, { times: 1 });
    const answers = () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/v1/auth/me')).length;
    return async () => {
      const before = await page.evaluate(answers);
      release();
      await page.waitForFunction(`(${answers})() > ${before}`);
      await page.evaluate(() => new Promise((r) => setTimeout(r)));
    };
  }

  // wrong password first: the form says so and stays
  await pa.goto(base + '/');
  await pa.fill('input[name=user]', opUser);
  await pa.fill('input[name=password]', 'not-the-password');
  await pa.click('form[data-testid=login] button[type=submit]');
  await pa.waitForSelector('[data-testid=login-error]:not(:empty)');
  check('login refused with a wrong password', (await pa.textContent('[data-testid=login-error]')).includes('登录失败'));

  // the operator types while the page, sent to the wall, asks the hub whether there is a session:
  // the hub's "no" lands after the typing and before the click, and what they typed stays
  const answerCheck1 = await holdSessionCheck(pa);
  await pa.goto(base + '/#/wall');
  await pa.fill('input[name=user]', opUser);
  await pa.fill('input[name=password]', opPass);
  await answerCheck1();
  check('the login form keeps what was typed when a session check answers meanwhile',
    (await pa.inputValue('input[name=user]')) === opUser && (await pa.inputValue('input[name=password]')) === opPass);
  await pa.click('form[data-testid=login] button[type=submit]');
  await pa.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]');
  const shown = (await pa.textContent('[data-testid=online-rate]')).trim();
  const api = await pa.evaluate(() => fetch('/api/v1/online-rate').then((r) => r.json()));
  const expected = (api.overall.rate * 100).toFixed(2) + '%';
  check('wall online rate matches the API', shown === expected, `${shown} vs ${expected}`);
  check('wall camera count matches the API', (await pa.textContent('[data-testid=camera-total]')).trim() === String(api.overall.total));
  check('wall is in Chinese by default', (await pa.textContent('[data-testid=nav-wall]')).trim() === '大屏');
  await pa.waitForFunction(() => document.querySelector('[data-testid=trend]').dataset.last && [...document.querySelectorAll('.chart')].every((c) => c.dataset.drawn));
  await pa.screenshot({ path: join(out, 'wall.png') });
  check('wall ticker shows work items', (await pa.locator('[data-testid=ticker] li').count()) > 0);
  const sites = await pa.evaluate(() => fetch('/api/v1/sites').then((r) => r.json()));
  const ticker = await pa.textContent('[data-testid=ticker]');
  check('wall ticker names sites by name, not id', sites.some((x) => ticker.includes(x.name)) && !/site-\d/.test(ticker), ticker.slice(0, 80));
  const last = await pa.getAttribute('[data-testid=trend]', 'data-last');
  check('trend ends where the gauge is', last === shown, `${last} vs ${shown}`);
  check('wall chart texts are not clipped', (await clippedChartTexts(pa)).length === 0, (await clippedChartTexts(pa)).join(', '));
  check('the header says who in Chinese', (await pa.textContent('[data-testid=who]')).trim() === `${opUser}（操作员）`);
  check('wall has no English in the Chinese screen', (await englishInChinese(pa)).length === 0, (await englishInChinese(pa)).join(' '));

  // the viewer logs in while the hub's "no session" to an earlier check is still on its way: when it
  // lands it is about the time before the login, and leaves the new session alone
  await pb.goto(base + '/');
  await pb.waitForSelector('form[data-testid=login]');
  const answerCheck2 = await holdSessionCheck(pb);
  await login(pb, viewUser, viewPass);
  await pb.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]');
  await answerCheck2();
  check('a session check answered after the login leaves the new session on the wall',
    (await pb.locator('#screen[data-ready=true] [data-testid=online-rate]').count()) === 1 && (await pb.locator('form[data-testid=login]').count()) === 0);
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
  const siteShown = (await pa.textContent('[data-testid=detail-site]')).trim();
  check('the detail names the site', sites.some((x) => x.name === siteShown), siteShown);
  await pa.screenshot({ path: join(out, 'console.png') });

  // a vendor with their goods: two boxes that touch, two labels that must not cover each other
  const vending = await pa.getAttribute('[data-testid=queue] li[data-id^=insp-]:has-text("占道经营")', 'data-id');
  await pa.click(`[data-testid="item-${vending}"]`);
  await pa.waitForSelector(`[data-testid=detail][data-id="${vending}"] img[data-testid=snapshot]`);
  await pa.waitForFunction(() => { const i = document.querySelector('img[data-testid=snapshot]'); return i && i.complete && i.naturalWidth > 0; });
  await pa.click('button.tab[data-view=clean]');
  await pa.waitForFunction(() => document.querySelector('canvas.boxes').dataset.labels);
  const labels = JSON.parse(await pa.getAttribute('canvas.boxes', 'data-labels'));
  const overlapping = labels.some((p, i) => labels.some((o, j) => j > i && p.x < o.x + o.w && o.x < p.x + p.w && p.y < o.y + o.h && o.y < p.y + p.h));
  check('box labels do not cover each other', labels.length >= 2 && !overlapping, JSON.stringify(labels));
  check('objects are named in Chinese', (await pa.textContent('.facts')).includes('行人') && (await pa.textContent('.facts')).includes('雨伞'));
  await pa.screenshot({ path: join(out, 'console-vending.png') });

  // a checkpoint alert: the cause (code colour, temperature), the masked person, its tags, a trail in Chinese
  const alertId = await pa.getAttribute('[data-testid=queue] li[data-id^=alert-]', 'data-id');
  await pa.click(`[data-testid="item-${alertId}"]`);
  await pa.waitForSelector(`[data-testid=detail][data-id="${alertId}"] [data-testid=detail-reason]`);
  const reason = (await pa.textContent('[data-testid=detail-reason]')).trim();
  check('an alert says its cause', reason.includes('健康码 红码') && reason.includes('体温') && !reason.includes('discovered'), reason);
  check('an alert shows the masked person', /^\d{4}\*+\d{3}[\dX]$/.test((await pa.textContent('[data-testid=detail-person]')).trim()));
  check('an alert carries tags', (await pa.locator('[data-testid=detail-tags] .chip').count()) > 0);
  const alertTrail = await pa.textContent('[data-testid=trail]');
  check('an alert trail is in Chinese', alertTrail.includes('前端设备') && alertTrail.includes('发现') && !alertTrail.includes('agent:'), alertTrail);
  check('the console has no English in the Chinese screen', (await englishInChinese(pa)).length === 0, (await englishInChinese(pa)).join(' '));
  await pa.screenshot({ path: join(out, 'console-alert.png') });
  await pa.click(`[data-testid="item-${id}"]`);
  await pa.waitForSelector(`[data-testid=detail][data-id="${id}"]`);

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
  check('the live indicator survives the language switch', (await pb.textContent('[data-testid=conn]')).trim() === 'Live');
  await pb.screenshot({ path: join(out, 'console-en.png') });
  const icon = await pa.getAttribute('link[rel=icon]', 'href');
  check('a favicon is served', (await pa.evaluate((u) => fetch(u).then((r) => r.status), icon)) === 200, icon);

  const phone = await a.newPage({ viewport: { width: 390, height: 844 } });
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(base + '/#/phone');
  await phone.waitForSelector('#screen[data-ready=true] [data-testid=cards] li[data-id]');
  await phone.waitForFunction(() => [...document.querySelectorAll('[data-testid=cards] img')].every((i) => i.complete));
  check('phone lists open work items', (await phone.locator('[data-testid=cards] li[data-id]').count()) > 0);
  await phone.screenshot({ path: join(out, 'phone.png'), fullPage: false });

  // the three screens at a wall's, a desk's and a phone's size, each looked at by a person
  const session = await a.storageState();
  for (const [w, h] of [[1920, 1080], [1440, 900], [390, 844]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, storageState: session });
    const page = await ctx.newPage();
    page.on('response', (r) => { if (r.status() === 404 && !r.url().includes('/api/')) notFound.push(r.url()); });
    await page.goto(base + '/#/wall');
    await page.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]');
    await page.waitForFunction(() => document.querySelector('[data-testid=trend]').dataset.last && [...document.querySelectorAll('.chart')].every((c) => c.dataset.drawn));
    check(`wall at ${w}x${h}: chart texts are not clipped`, (await clippedChartTexts(page)).length === 0, (await clippedChartTexts(page)).join(', '));
    check(`wall at ${w}x${h}: no panel covers another`, (await overlappingPanels(page, '.wall > .panel')).length === 0,
      (await overlappingPanels(page, '.wall > .panel')).join(', '));
    await page.screenshot({ path: join(out, `wall-${w}x${h}.png`), fullPage: w < 640 });
    await page.goto(base + '/#/console');
    await page.waitForSelector('#screen[data-ready=true] [data-testid=queue] li[data-id^=alert-]');
    await page.click('[data-testid=queue] li[data-id^=alert-]');
    await page.waitForSelector('[data-testid=detail-reason]');
    await page.screenshot({ path: join(out, `console-alert-${w}x${h}.png`), fullPage: w < 640 });
    const actions = await page.evaluate(() => [...document.querySelectorAll('.detail button, .detail input')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 || r.left < -1; }).map((e) => e.textContent || e.placeholder));
    check(`console at ${w}x${h}: every button and field is within the screen's width`, actions.length === 0, actions.join(', '));
    const open = await page.getAttribute('[data-testid=queue] li[data-id^=insp-]:has-text("占道经营")', 'data-id');
    await page.click(`[data-testid="item-${open}"]`);
    await page.waitForSelector(`[data-testid=detail][data-id="${open}"] img[data-testid=snapshot]`);
    await page.waitForFunction(() => { const i = document.querySelector('img[data-testid=snapshot]'); return i && i.complete && i.naturalWidth > 0; });
    await page.click('button.tab[data-view=clean]');
    await page.waitForFunction(() => document.querySelector('canvas.boxes').dataset.labels);
    await page.screenshot({ path: join(out, `console-${w}x${h}.png`), fullPage: w < 640 });
    await page.goto(base + '/#/phone');
    await page.waitForSelector('#screen[data-ready=true] [data-testid=cards] li[data-id]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=cards] img')].every((i) => i.complete));
    await page.screenshot({ path: join(out, `phone-${w}x${h}.png`) });
    await ctx.close();
  }
  check('no page asset is missing (favicon included)', notFound.length === 0, notFound.join(' '));
});
