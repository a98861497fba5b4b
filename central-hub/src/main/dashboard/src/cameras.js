// The camera page (#/cameras?id=…): cameras found by id or name on the left; the chosen one's
// condition, a snapshot taken on opening, and its recording of a chosen day as a timeline with
// gaps, where a click plays from the moment picked.
import { api } from './api.js';
import { chosenId as chosen, onlineBadge, pagedList } from './lists.js';
import { t, time } from './i18n.js';
import { siteName } from './names.js';
import { showRecording, timelineBox } from './timeline.js';
import { esc } from './util.js';

const DAY_MS = 24 * 3600_000;

/** Today in the browser's time zone, as an <input type=date> value. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function camerasScreen(root) {
  root.innerHTML = `
    <section class="console cameras" data-testid="cameras">
      <aside class="queue">
        <h3>${t('cameras')} <span class="muted" data-testid="cameras-total"></span></h3>
        <div class="filters">
          <input data-f="q" placeholder="${t('findCamera')}" data-testid="camera-search">
          <select data-f="state"><option value="">${t('state')}: ${t('all')}</option><option value="offline">${t('offline')}</option></select>
        </div>
        <ul class="items" data-testid="camera-list"></ul>
      </aside>
      <main class="pane" data-testid="camera-pane"><p class="muted">${t('pickCamera')}</p></main>
    </section>`;
  const pane = root.querySelector('[data-testid=camera-pane]');
  const load = pagedList(root, {
    path: '/api/v1/cameras',
    list: root.querySelector('[data-testid=camera-list]'),
    total: root.querySelector('[data-testid=cameras-total]'),
    empty: t('noCameras'),
    row: (c) => `<li data-id="${esc(c.id)}" data-testid="camera-${esc(c.id)}" class="${c.id === chosen() ? 'sel' : ''}">
      ${onlineBadge(c)} <b>${esc(c.name || c.id)}</b>
      <div class="muted">${esc(c.id)} · ${esc(siteName(c.site))}</div></li>`,
    onPick: (id) => { location.hash = '#/cameras?id=' + encodeURIComponent(id); },
  });
  await load();
  if (chosen()) await show(pane, chosen());
}

async function show(pane, id) {
  const { camera: c } = await api('/api/v1/cameras/' + encodeURIComponent(id));
  pane.innerHTML = `
    <div class="detail" data-testid="camera" data-id="${esc(c.id)}">
      <div class="detail-head"><h2>${esc(c.name || c.id)}</h2>
        ${onlineBadge(c, 'camera-state')}</div>
      <div class="snapframe" data-testid="camera-snapshot"></div>
      <dl class="facts">
        <dt>${t('site')}</dt><dd>${esc(siteName(c.site))}</dd>
        <dt>${t('state')}</dt><dd>${esc(c.state)}${c.reason ? ' · ' + esc(c.reason) : ''}</dd>
        ${c.codec ? `<dt>${t('codec')}</dt><dd>${esc(c.codec)} ${c.width ? esc(c.width + '×' + c.height) : ''}</dd>` : ''}
        <dt>${t('lastSeen')}</dt><dd>${c.updatedAt ? esc(time(c.updatedAt)) : '—'}</dd>
      </dl>
      <label class="day">${t('day')} <input type="date" data-testid="recording-day" value="${today()}" max="${today()}"></label>
      ${timelineBox()}
      <p class="muted" data-testid="no-recording" hidden>${t('noRecording')}</p>
    </div>`;
  snapshot(pane.querySelector('[data-testid=camera-snapshot]'), c.id);
  const day = pane.querySelector('[data-testid=recording-day]');
  const box = pane.querySelector('[data-testid=timeline]');
  const none = pane.querySelector('[data-testid=no-recording]');
  const showDay = async () => {
    const from = new Date(`${day.value}T00:00`).getTime();
    const rec = await showRecording(box, c.id, from, Math.min(from + DAY_MS, Date.now()));
    none.hidden = !!(rec && rec.segments.length);
  };
  day.addEventListener('change', showDay);
  await showDay();
}

/** The camera's picture now, taken by its agent on call. */
async function snapshot(el, camera) {
  try {
    const blob = await api(`/api/v1/cameras/${encodeURIComponent(camera)}/snapshot`, { method: 'POST' });
    el.innerHTML = `<img data-testid="camera-picture" alt="snapshot" src="${URL.createObjectURL(blob)}">`;
  } catch (e) {
    el.innerHTML = `<p class="muted">${esc(e.status === 404 ? t('snapshotUnavailable') : t('error') + ': ' + e.message)}</p>`;
  }
}
