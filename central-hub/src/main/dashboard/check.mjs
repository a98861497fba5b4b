// The demo's dashboard check: the dashboard is served, and what its wall shows in a real
// (headless) Chromium matches the API. Usage: node check.mjs BASE_URL USER PASSWORD
// Prints one "DASHBOARD ..." line; exits 1 with the reason when something is off.
import { launchChromium } from './chromium.mjs';

const [base, user, password] = process.argv.slice(2);
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
  console.log(`DASHBOARD ok reachable=${base}/ matches_api=yes ${line}`);
} finally {
  await browser.close();
}
