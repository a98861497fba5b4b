// The device page (#/devices?id=…): devices found by name or type on the left; a batch command
// when none is chosen; the chosen one's
// latest telemetry, health and transitions, its type's commands as buttons, and its commands with
// their states live.
import { api } from './api.js';
import { chosenId as chosen, onlineBadge, pagedList } from './lists.js';
import { batchPanel } from './batch.js';
import { commandButtons, commandList, send, shown } from './commands.js';
import { t, time } from './i18n.js';
import { siteName } from './names.js';
import { esc } from './util.js';

export async function devicesScreen(root, ctx) {
  const types = await api('/api/v1/device-types');
  const tags = await api('/api/v1/tags');
  root.innerHTML = `
    <section class="console devices" data-testid="devices">
      <aside class="queue">
        <h3>${t('devices')} <span class="muted" data-testid="devices-total"></span></h3>
        <div class="filters">
          <input data-f="q" placeholder="${t('search')}" data-testid="device-search">
          <select data-f="type"><option value="">${t('type')}: ${t('all')}</option>${types.map((x) => `<option value="${esc(x.type)}">${esc(x.name)}</option>`).join('')}</select>
          <select data-f="state"><option value="">${t('state')}: ${t('all')}</option><option value="offline">${t('offline')}</option></select>
        </div>
        <ul class="items" data-testid="device-list"></ul>
      </aside>
      <main class="pane" data-testid="device-pane"><p class="muted">${t('pickDevice')}</p><div data-testid="batch-panel"></div></main>
    </section>`;
  const list = root.querySelector('[data-testid=device-list]');
  const pane = root.querySelector('[data-testid=device-pane]');
  const load = pagedList(root, {
    path: '/api/v1/devices',
    list,
    total: root.querySelector('[data-testid=devices-total]'),
    empty: t('noDevices'),
    row: (d) => `<li data-id="${esc(d.id)}" data-testid="device-${esc(d.id)}" class="${d.id === chosen() ? 'sel' : ''}">
      ${onlineBadge(d)} <b>${esc(d.name || d.id)}</b>
      <div class="muted">${esc(d.type)} · ${esc(siteName(d.site))}</div></li>`,
    onPick: (id) => { location.hash = '#/devices?id=' + encodeURIComponent(id); },
  });
  let shownId = null;
  const readings = (d, transitions) => {
    const values = (d.telemetry && d.telemetry.values) || {};
    pane.querySelector('[data-testid=telemetry-at]').textContent = d.telemetry ? time(d.telemetry.receivedAt) : '';
    pane.querySelector('[data-testid=telemetry]').innerHTML = Object.entries(values)
      .map(([k, v]) => `<dt>${esc(k)}</dt><dd data-reading="${esc(k)}">${esc(v)}</dd>`).join('') || '<dd class="muted">—</dd>';
    pane.querySelector('[data-testid=transitions]').innerHTML = transitions
      .map((x) => `<li><time>${esc(time(x.at))}</time> ${esc(x.from ? x.from + ' → ' : '')}${esc(x.to)}${x.reason ? ' · ' + esc(x.reason) : ''}</li>`).join('');
  };
  const show = async (id) => {
    shownId = id;
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('sel', li.dataset.id === id));
    const { device: d, transitions } = await api('/api/v1/devices/' + encodeURIComponent(id));
    pane.innerHTML = `
      <div class="detail" data-testid="device" data-id="${esc(d.id)}">
        <div class="detail-head"><h2>${esc(d.name || d.id)}</h2>
          ${onlineBadge(d, 'device-state')}</div>
        <dl class="facts">
          <dt>${t('type')}</dt><dd>${esc(d.type)}</dd>
          <dt>${t('site')}</dt><dd>${esc(siteName(d.site))}</dd>
          ${d.checkpoint ? `<dt>${t('checkpoint')}</dt><dd>${esc(d.checkpoint)}</dd>` : ''}
          <dt>${t('state')}</dt><dd>${esc(d.state)}${d.reason ? ' · ' + esc(d.reason) : ''}</dd>
          <dt>${t('lastSeen')}</dt><dd>${d.lastSeen ? esc(time(d.lastSeen)) : '—'}</dd>
        </dl>
        <h3>${t('telemetry')} <span class="muted" data-testid="telemetry-at"></span></h3>
        <dl class="facts" data-testid="telemetry"></dl>
        <h3>${t('deviceCommands')}</h3>
        ${ctx.me.role !== 'viewer' ? '<div data-testid="command-buttons"></div>' : ''}
        <ul class="commands" data-testid="command-list"></ul>
        <h3>${t('transitions')}</h3>
        <ol class="trail" data-testid="transitions"></ol>
      </div>`;
    readings(d, transitions);
    const commands = pane.querySelector('[data-testid=command-list]');
    await commandList(commands, ctx, { device: d.id }, (c) => c.device === d.id && shownId === d.id);
    const buttons = pane.querySelector('[data-testid=command-buttons]');
    if (buttons) await commandButtons(buttons, d.type, async (body) => shown(commands, await send(d.id, body)));
  };
  await load();
  if (chosen()) await show(chosen());
  else if (ctx.me.role !== 'viewer') batchPanel(pane.querySelector('[data-testid=batch-panel]'), ctx, types, tags);
  // a command that ended changed the device: read its telemetry again (the device reports right after it answers)
  ctx.on((m) => {
    if (m.type === 'commands' && m.items.some((c) => c.device === shownId && c.state === 'succeeded')) {
      const id = shownId;
      setTimeout(async () => {
        const again = await api('/api/v1/devices/' + encodeURIComponent(id));
        if (shownId === id) readings(again.device, again.transitions);
      }, 1500);
    }
  });
}
