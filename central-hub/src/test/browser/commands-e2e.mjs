// Operators command devices from the dashboard in headless Chromium: the device page's command
// buttons and argument form (a refusal shows every problem the hub gave), each state arriving live,
// the checkpoint alert's remote open that waits for a reason, a batch's live summary, the phone's list of commands sent,
// and a viewer who gets no buttons. Prints "CHECK name" per check and "BROWSER OK" at the end.
// Usage: node commands-e2e.mjs BASE_URL OPERATOR PASSWORD VIEWER PASSWORD LAMP ALERT_ITEM OUT_DIR DASHBOARD_DIR
import { join } from 'node:path';
import { check, withBrowser } from './harness.mjs';

const [base, opUser, opPass, viewUser, viewPass, lamp, alertItem, out, dashboardDir] = process.argv.slice(2);

async function login(page, user, pass, hash) {
  await page.goto(base + '/' + hash);
  await page.fill('input[name=user]', user);
  await page.fill('input[name=password]', pass);
  await page.click('form[data-testid=login] button[type=submit]');
  await page.waitForSelector('#screen[data-ready=true]');
}

// every state a command's row showed, in the order shown (rows are replaced as the stream moves them on)
async function recordStates(page, list) {
  await page.evaluate((sel) => {
    window.seenStates = {};
    new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
      if (n.nodeType === 1 && n.dataset.command) (window.seenStates[n.dataset.command] ||= []).push(n.dataset.state);
    }))).observe(document.querySelector(sel), { childList: true });
  }, list);
}

await withBrowser(dashboardDir, out, async (browser) => {
  const desk = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  desk.on('pageerror', (e) => console.log('PAGE ERROR ' + e.message));
  await login(desk, opUser, opPass, `#/devices?id=${encodeURIComponent(lamp)}`);
  await desk.waitForSelector(`[data-testid=device][data-id="${lamp}"]`);
  await desk.waitForSelector('[data-testid=telemetry] [data-reading=on]');
  check('the device page shows the lamp\'s latest readings', (await desk.textContent('[data-testid=telemetry] [data-reading=dim]')) === '70');
  await desk.waitForSelector('[data-testid=cmd-dim]');
  const buttons = await desk.$$eval('[data-testid=command-buttons] button.cmd', (b) => b.map((x) => x.dataset.name));
  check('the type\'s commands are buttons, labelled in Chinese', buttons.join(',') === 'turn_on,turn_off,dim'
    && (await desk.textContent('[data-testid=cmd-dim]')) === '调光', buttons.join(','));

  await desk.click('[data-testid=cmd-dim]');
  await desk.fill('[data-testid=arg-level]', '140');
  await desk.click('[data-testid=cmd-send]');
  await desk.waitForSelector('[data-testid=cmd-problems] li');
  const problems = await desk.$$eval('[data-testid=cmd-problems] li', (l) => l.map((x) => x.textContent));
  check('a refused command shows the hub\'s problem', problems.some((p) => p.startsWith('args.level:') && p.includes('above the maximum')), problems.join(' | '));
  check('nothing was sent', (await desk.$$('[data-testid=command-list] li.command')).length === 0);

  await recordStates(desk, '[data-testid=command-list]');
  await desk.fill('[data-testid=arg-level]', '30');
  await desk.fill('[data-testid=cmd-reason]', '夜间节能');
  await desk.click('[data-testid=cmd-send]');
  await desk.waitForSelector('[data-testid=command-list] li.command[data-state=succeeded]', { timeout: 30000 });
  const states = Object.values(await desk.evaluate(() => window.seenStates))[0];
  const order = ['queued', 'sent', 'delivered', 'succeeded'];
  check('the command\'s states arrive live, in order', states.every((s, i) => i === 0 || order.indexOf(s) >= order.indexOf(states[i - 1]))
    && states[0] === 'queued' && states.at(-1) === 'succeeded' && states.length >= 3, states.join(' → '));
  check('the row says what was sent and why', (await desk.textContent('[data-testid=command-list] li.command')).includes('level=30')
    && (await desk.textContent('[data-testid=command-list] li.command')).includes('夜间节能'));
  await desk.screenshot({ path: join(out, 'device-commands.png') });

  await desk.goto(base + '/#/console');
  await desk.waitForSelector(`[data-testid="item-${alertItem}"]`);
  await desk.click(`[data-testid="item-${alertItem}"]`);
  await desk.waitForSelector('[data-testid=remote-open-send]');
  check('remote open waits for a reason', await desk.isDisabled('[data-testid=remote-open-send]'));
  await desk.fill('[data-testid=remote-reason]', '  ');
  check('a blank reason is no reason', await desk.isDisabled('[data-testid=remote-open-send]'));
  await desk.fill('[data-testid=remote-reason]', '闸机卡住，救护车通行');
  await desk.click('[data-testid=remote-open-send]');
  await desk.waitForSelector('[data-testid=remote-commands] li.command[data-state=succeeded]', { timeout: 30000 });
  check('the gate opened on the operator\'s word, its state live', (await desk.textContent('[data-testid=remote-commands] li.command')).includes('闸机卡住'));
  await desk.screenshot({ path: join(out, 'console-remote-open.png') });

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await login(phone, opUser, opPass, '#/phone');
  await phone.waitForSelector('[data-testid=my-commands] li.command');
  const mine = await phone.$$eval('[data-testid=my-commands] li.command',
    (l) => l.map((x) => `${x.dataset.state}:${x.querySelector('[data-name]').dataset.name}:${x.textContent.replace(/\s+/g, ' ')}`));
  check('the phone lists the commands the operator sent with their states', mine.some((m) => m.startsWith('succeeded:remote_open:') && m.includes('远程开闸'))
    && mine.some((m) => m.startsWith('succeeded:dim:') && m.includes('调光')), mine.join(' | '));
  const wide = await phone.evaluate(() => [...document.querySelectorAll('[data-testid=my-commands] li')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1).length);
  check('the phone\'s command rows fit its width', wide === 0);
  await phone.screenshot({ path: join(out, 'phone-commands.png') });

  // a batch to every streetlight in scope: its summary shows, and moves on live as the site's agent answers
  await desk.goto(base + '/#/devices');
  await desk.waitForSelector('[data-testid=batch-type]');
  await desk.selectOption('[data-testid=batch-type]', 'streetlight');
  await desk.click('[data-testid=batch-buttons] [data-testid=cmd-turn_on]');
  await desk.click('[data-testid=batch-buttons] [data-testid=cmd-send]');
  await desk.waitForSelector('[data-testid=batches] li[data-batch]');
  const batchId = await desk.getAttribute('[data-testid=batches] li[data-batch]', 'data-batch');
  await desk.waitForFunction(() => Number(document.querySelector('[data-testid=batches] li[data-batch]').dataset.succeeded) >= 1, null, { timeout: 30000 });
  const api = await desk.evaluate(async (id) => (await (await fetch('/api/v1/commands/batches/' + id)).json()).summary, batchId);
  const row = await desk.$eval('[data-testid=batches] li[data-batch]', (li) => ({ ...li.dataset }));
  check('a batch shows its summary and follows it live', Number(row.total) === api.total && api.total > 1 && Number(row.succeeded) >= 1
    && Number(row.succeeded) + Number(row.pending) <= api.total, JSON.stringify(row));
  await desk.screenshot({ path: join(out, 'devices-batch.png') });

  const viewer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await login(viewer, viewUser, viewPass, `#/devices?id=${encodeURIComponent(lamp)}`);
  await viewer.waitForSelector('[data-testid=command-list] li.command');
  check('a viewer sees the commands but gets no buttons', (await viewer.$$('[data-testid=command-buttons]')).length === 0);
});
