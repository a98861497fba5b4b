// The camera page (#/cameras?id=…): cameras found by id or name on the left; the chosen one's
// condition, a snapshot taken on opening, and its recording of a chosen day as a timeline with
// gaps, where a click plays from the moment picked.
import { api, query } from './api.js';
import { t, time } from './i18n.js';
import { siteName } from './names.js';
import { showRecording, timelineBox } from './timeline.js';
import { esc } from './util.js';

const DAY_MS = 24 * 3600_000;

function chosen() {
  return new URLSearchParams(location.hash.split('?')[1] || '').get('id');
}

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
  const list = root.querySelector('[data-testid=camera-list]');
  const pane = root.querySelector('[data-testid=camera-pane]');
  const filters = () => Object.fromEntries([...root.querySelectorAll('[data-f]')].map((e) => [e.dataset.f, e.value]));
  const row = (c) => `<li data-id="${esc(c.id)}" data-testid="camera-${esc(c.id)}" class="${c.id === chosen() ? 'sel' : ''}">
      <span class="badge ${c.online ? 'cmd-succeeded' : 'cmd-failed'}">${esc(c.online ? t('online') : t('offline'))}</span> <b>${esc(c.name || c.id)}</b>
      <div class="muted">${esc(c.id)} · ${esc(siteName(c.site))}</div></li>`;
  const load = async () => {
    const page = await api('/api/v1/cameras' + query({ ...filters(), limit: 100 }));
    root.querySelector('[data-testid=cameras-total]').textContent = page.total;
    list.innerHTML = page.items.map(row).join('') || `<li class="muted">${t('noCameras')}</li>`;
  };
  list.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-id]');
    if (li) location.hash = '#/cameras?id=' + encodeURIComponent(li.dataset.id);
  });
  root.querySelectorAll('[data-f]').forEach((e) => e.addEventListener('change', load));
  await load();
  if (chosen()) await show(pane, chosen());
}

async function show(pane, id) {
  const { camera: c } = await api('/api/v1/cameras/' + encodeURIComponent(id));
  pane.innerHTML = `
    <div class="detail" data-testid="camera" data-id="${esc(c.id)}">
      <div class="detail-head"><h2>${esc(c.name || c.id)}</h2>
        <span class="badge ${c.online ? 'cmd-succeeded' : 'cmd-failed'}" data-testid="camera-state">${esc(c.online ? t('online') : t('offline'))}</span></div>
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
