// An inspection event's clip in the console and on the phone, in headless Chromium: the operator
// opens the event, presses play, and the <video> loads the clip through the hub (fetched from the
// agent on first use) and plays to its end. Prints "CHECK name" per check and "BROWSER OK" at the
// end; exits non-zero with the reason otherwise.
// On the console, the camera's recording shows as a timeline, and a moment picked on it plays.
// The camera page (from the camera list) shows the camera's picture and its recording of the day.
// Usage: node clip-e2e.mjs BASE_URL USER PASSWORD OUT_DIR DASHBOARD_DIR ITEM_ID SECONDS CAMERA
import { join } from 'node:path';
import { check, withBrowser } from './harness.mjs';

const [base, user, pass, out, dashboardDir, id, seconds, camera] = process.argv.slice(2);

// plays the page's clip video from the start and resolves with what it was once 'ended' fired
async function playToEnd(page) {
  await page.click('[data-testid=play-clip]');
  return page.evaluate(() => new Promise((resolve, reject) => {
    const v = document.querySelector('video[data-testid=clip]');
    const timer = setTimeout(() => reject(new Error(`no 'ended' within 90 s (readyState ${v.readyState}, time ${v.currentTime})`)), 90_000);
    v.addEventListener('ended', () => {
      clearTimeout(timer);
      resolve({ duration: v.duration, width: v.videoWidth, height: v.videoHeight, time: v.currentTime });
    });
    v.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error('the video failed: ' + (v.error ? v.error.code + ' ' + v.error.message : 'unknown')));
    });
  }));
}

// a page of this size logged in on the screen given
async function loggedIn(browser, width, height, screen) {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  page.on('pageerror', (e) => console.log('PAGE ERROR ' + e.message));
  await page.goto(base + '/#/' + screen);
  await page.fill('input[name=user]', user);
  await page.fill('input[name=password]', pass);
  await page.click('form[data-testid=login] button[type=submit]');
  await page.waitForSelector('#screen[data-ready=true]');
  return page;
}

// clicks the middle of the first recorded segment on the page's timeline and resolves once the
// exported recording plays past half a second
async function pickAndPlay(page) {
  await page.waitForSelector('[data-testid=timeline]:not([hidden]) .seg');
  const bar = page.locator('[data-testid=timeline-bar]');
  await bar.scrollIntoViewIfNeeded();
  const bb = await bar.boundingBox();
  const seg = await page.locator('[data-testid=timeline] .seg').first().boundingBox();
  await bar.click({ position: { x: seg.x - bb.x + seg.width / 2, y: bb.height / 2 } });
  return page.evaluate(() => new Promise((resolve, reject) => {
    const v = document.querySelector('video[data-testid=recording]');
    const timer = setTimeout(() => reject(new Error(`the picked moment did not play: ${document.querySelector('.timeline-out').textContent}`)), 90_000);
    v.addEventListener('error', () => { clearTimeout(timer); reject(new Error('the recording failed: ' + (v.error && v.error.code))); });
    const poll = () => {
      if (!v.hidden && v.currentTime > 0.5) {
        clearTimeout(timer);
        resolve({ time: v.currentTime, duration: v.duration });
      } else {
        setTimeout(poll, 100);
      }
    };
    poll();
  }));
}

await withBrowser(dashboardDir, out, async (browser) => {
  for (const [name, w, h, screen] of [['console', 1440, 900, 'console'], ['phone', 390, 844, 'phone']]) {
    const page = await loggedIn(browser, w, h, screen);
    await page.goto(base + '/#/' + screen);
    const item = screen === 'console' ? `[data-testid="item-${id}"]` : `[data-testid="card-${id}"]`;
    await page.waitForSelector(item);
    await page.click(item);
    await page.waitForSelector(`[data-testid=detail][data-id="${id}"] [data-testid=play-clip]`);
    const played = await playToEnd(page);
    check(`${name}: the clip plays to its end`, played.time > 0, JSON.stringify(played));
    check(`${name}: the clip is as long as asked`, Math.abs(played.duration - Number(seconds)) <= 1, `${played.duration} s`);
    check(`${name}: the clip has pictures`, played.width > 0 && played.height > 0, `${played.width}x${played.height}`);
    if (screen === 'console') {
      // the camera's recording as a timeline under the event: a moment picked on it plays
      const rec = await pickAndPlay(page);
      check('console: a moment picked on the recording timeline plays', rec.time > 0.5, JSON.stringify(rec));
    }
    const box = await page.locator('video[data-testid=clip]').boundingBox();
    check(`${name}: the video fits the screen's width`, box.x >= 0 && box.x + box.width <= w + 1, JSON.stringify(box));
    await page.screenshot({ path: join(out, `clip-${name}.png`) });
  }

  // the camera page, from the camera list: its picture now, its recording today as a timeline, a moment picked on it plays
  const page = await loggedIn(browser, 1440, 900, 'cameras');
  await page.waitForSelector('#screen[data-ready=true] [data-testid=cameras]');
  await page.click(`[data-testid="camera-${camera}"]`);
  await page.waitForSelector(`[data-testid=camera][data-id="${camera}"]`);
  const picture = await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=camera-picture]');
    return img && img.complete && img.naturalWidth > 0 ? { w: img.naturalWidth, h: img.naturalHeight } : null;
  }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
  check('cameras: the camera page shows its picture now', picture.w > 0, JSON.stringify(picture));
  const day = await page.inputValue('[data-testid=recording-day]');
  const ticks = await page.locator('[data-testid=timeline] .t-from').textContent();
  check('cameras: the timeline covers the chosen day', day.length === 10 && ticks.length > 0, `${day} from ${ticks}`);
  check('cameras: the time before the recording began is a gap', await page.locator('[data-testid=timeline] .gap').count() > 0);
  const played = await pickAndPlay(page);
  check('cameras: a moment picked on the day\'s timeline plays', played.time > 0.5, JSON.stringify(played));
  await page.screenshot({ path: join(out, 'camera-page.png') });
});
