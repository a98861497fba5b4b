// The demo's dashboard check: the dashboard is served, and what its wall shows in a real
// (headless) Chromium matches the API. Usage: node check.mjs BASE_URL USER PASSWORD
// With --live (the demo, which has real cameras): the console opens the first inspection event
// and its camera's live view, and the MJPEG stream must show pictures in the page.
// Prints one "DASHBOARD ..." line; exits 1 with the reason when something is off.
import { launchChromium } from './chromium.mjs';

const [base, user, password, ...flags] = process.argv.slice(2);
const withLive = flags.includes('--live');
const fail = (why) => { console.log('DASHBOARD FAILED ' + why); process.exit(1); };

const index = await fetch(base + '/').catch((e) => fail('hub not answering: ' + e.message));
const html = await index.text();
if (index.status !== 200 || !html.includes('/app.js')) fail(`GET / answered ${index.status} without the dashboard`);

const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  await page.goto(base + '/#/wall');
  await page.fill('input[name=user]', user);
  await page.fill('input[name=password]', password);
  await page.click('form[data-testid=login] button[type=submit]');
  await page.waitForSelector('#screen[data-ready=true] [data-testid=online-rate]', { timeout: 20000 });
  const ui = {
    rate: (await page.textContent('[data-testid=online-rate]')).trim(),
    cameras: (await page.textContent('[data-testid=camera-total]')).trim(),
    checkpoints: (await page.textContent('[data-testid=kpi-checkpoints]')).trim(),
    devices: (await page.textContent('[data-testid=kpi-devices]')).trim(),
  };
  const [rate, overview] = await page.evaluate(() => Promise.all([fetch('/api/v1/online-rate'), fetch('/api/v1/overview')].map((p) => p.then((r) => r.json()))));
  const api = {
    rate: rate.overall.rate == null ? '—' : (rate.overall.rate * 100).toFixed(2) + '%',
    cameras: String(rate.overall.total),
    checkpoints: `${overview.checkpoints.online}/${overview.checkpoints.total}`,
    devices: `${overview.devices.online}/${overview.devices.total}`,
  };
  const wrong = Object.keys(api).filter((k) => ui[k] !== api[k]);
  const line = Object.keys(api).map((k) => `${k}=${ui[k]}${ui[k] === api[k] ? '' : '(api ' + api[k] + ')'}`).join(' ');
  if (wrong.length) fail('wall and API disagree: ' + line);
  let liveNote = '';
  if (withLive) {
    await page.goto(base + '/#/console');
    const first = page.locator('[data-testid=queue] li', { hasText: 'cam' }).first(); // an inspection event: it has a camera
    await first.waitFor({ timeout: 20000 }).catch(() => fail('the console shows no work item'));
    await first.click();
    await page.click('[data-testid=live-view]', { timeout: 10000 }).catch(() => fail('the work item has no live-view button'));
    // an MJPEG <img> has a size once its first frame arrived; wait for a few
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=live-img]');
      return img && img.complete !== undefined && img.naturalWidth > 0;
    }, null, { timeout: 20000 }).catch(() => fail('the live view showed no picture'));
    const size = await page.evaluate(() => { const i = document.querySelector('[data-testid=live-img]'); return `${i.naturalWidth}x${i.naturalHeight}`; });
    if (flags.includes('--screenshot')) {
      await page.screenshot({ path: flags[flags.indexOf('--screenshot') + 1] });
    }
    await page.click('[data-testid=live-view]'); // stop: the agent stops streaming when the last viewer leaves
    liveNote = ` live_view=${size}`;
  }
  console.log(`DASHBOARD ok reachable=${base}/ matches_api=yes ${line}${liveNote}`);
} finally {
  await browser.close();
}
