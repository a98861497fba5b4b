// One work item: its snapshots (annotated / clean with the boxes drawn over it), facts, one-click
// state changes, assignee and notes, and its trail. Shared by the console and the phone.
import { api, ApiError } from './api.js';
import { t, time } from './i18n.js';
import { esc, toast } from './util.js';
import { ptzControls } from './ptz.js';

const NEXT = {
  new: ['acknowledged', 'dispatched', 'resolved', 'false_positive'],
  acknowledged: ['dispatched', 'resolved', 'false_positive'],
  dispatched: ['acknowledged', 'resolved', 'false_positive'],
  resolved: ['acknowledged'],
  false_positive: ['acknowledged'],
};
const LABEL = { acknowledged: 'acknowledge', dispatched: 'dispatch', resolved: 'resolve', false_positive: 'falsePositive' };

export function label(item) {
  return t(item.type) + (item.camera ? ' · ' + item.camera : item.checkpoint ? ' · ' + item.checkpoint : '');
}

export function thumbnail(item) {
  const s = item.inspection && item.inspection.snapshots.find((x) => x.kind === 'annotated');
  return s ? `/api/v1/snapshots/${encodeURIComponent(s.id)}` : null;
}

/** Renders an item into el; onChanged(item) after a successful action. */
export function renderDetail(el, item, canAct, onChanged, compact = false) {
  const snaps = (item.inspection && item.inspection.snapshots) || [];
  const annotated = snaps.find((s) => s.kind === 'annotated');
  const clean = snaps.find((s) => s.kind === 'clean');
  const ev = item.inspection;
  el.innerHTML = `
    <div class="detail" data-testid="detail" data-id="${esc(item.id)}" data-state="${esc(item.state)}">
      <div class="detail-head">
        <h2>${esc(label(item))}</h2>
        <span class="badge state-${esc(item.state)}" data-testid="detail-state">${esc(t(item.state))}</span>
      </div>
      ${snaps.length ? `
      <div class="snapview">
        <div class="tabs">
          ${annotated ? `<button class="tab on" data-view="annotated">${t('annotated')}</button>` : ''}
          ${clean ? `<button class="tab ${annotated ? '' : 'on'}" data-view="clean">${t('clean')}</button>` : ''}
        </div>
        <div class="snapframe">
          <img data-testid="snapshot" alt="snapshot" src="/api/v1/snapshots/${esc((annotated || clean).id)}">
          <canvas class="boxes"></canvas>
        </div>
      </div>` : ''}
      <dl class="facts">
        <dt>${t('kind')}</dt><dd>${esc(t(item.kind))}</dd>
        <dt>${t('site')}</dt><dd>${esc(item.site)}</dd>
        ${item.scene ? `<dt>${t('scene')}</dt><dd>${esc(item.scene)}</dd>` : ''}
        ${item.camera ? `<dt>${t('camera')}</dt><dd>${esc(item.camera)}</dd>` : ''}
        ${item.checkpoint ? `<dt>${t('checkpoint')}</dt><dd>${esc(item.checkpoint)}</dd>` : ''}
        ${item.alert ? `<dt>${t('reason')}</dt><dd>${esc(item.alert.fieldState)} · ${esc(item.alert.personMasked || '')}</dd>` : ''}
        <dt>${t('created')}</dt><dd>${esc(time(item.createdAt))}</dd>
        <dt>${t('tag')}</dt><dd>${item.tags.map((x) => `<span class="chip">${esc(x)}</span>`).join(' ')}</dd>
        ${ev ? `<dt>AI</dt><dd>${ev.objects.map((o) => `${esc(o.label)} ${(o.score * 100).toFixed(0)}%`).join(', ')}</dd>` : ''}
      </dl>
      ${canAct ? `
      <div class="actions">
        ${NEXT[item.state].map((s) => `<button class="act act-${s}" data-testid="act-${s}" data-to="${s}">${t(s === 'acknowledged' && (item.state === 'resolved' || item.state === 'false_positive') ? 'reopen' : LABEL[s])}</button>`).join('')}
      </div>
      ${compact ? '' : `
      <div class="assign">
        <input data-testid="assignee" placeholder="${t('assignee')}" value="${esc(item.assignee || '')}">
        <input data-testid="note" placeholder="${t('note')}">
        <button data-testid="add-note">${t('addNote')}</button>
      </div>`}` : ''}
      ${item.camera && !compact ? `<div class="oncall"><button data-testid="snapshot-now">${t('cameraSnapshot')}</button>
        <button data-testid="live-view">${t('liveView')}</button><div class="oncall-out"></div></div>` : ''}
      ${compact ? '' : `<h3>${t('trail')}</h3>
      <ol class="trail" data-testid="trail">${(item.trail || []).map((s) => `<li><time>${esc(time(s.at))}</time> <b>${esc(s.actor)}</b> ${esc(s.from ? t(s.from) + ' → ' : '')}${esc(t(s.to))}${s.note ? ' · ' + esc(s.note) : ''}</li>`).join('')}</ol>`}
    </div>`;

  const img = el.querySelector('img[data-testid=snapshot]');
  const canvas = el.querySelector('canvas.boxes');
  const drawBoxes = (show) => {
    if (!canvas || !img) return;
    canvas.width = img.clientWidth;
    canvas.height = img.clientHeight;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (!show || !ev) return;
    const sx = canvas.width / ev.frameWidth;
    const sy = canvas.height / ev.frameHeight;
    g.strokeStyle = '#ffcc00';
    g.lineWidth = 2;
    g.font = '12px sans-serif';
    g.fillStyle = '#ffcc00';
    for (const o of ev.objects) {
      g.strokeRect(o.box.x * sx, o.box.y * sy, o.box.w * sx, o.box.h * sy);
      g.fillText(`${o.label} ${(o.score * 100).toFixed(0)}%`, o.box.x * sx + 2, Math.max(12, o.box.y * sy - 3));
    }
  };
  el.querySelectorAll('.tab').forEach((b) => b.addEventListener('click', () => {
    el.querySelectorAll('.tab').forEach((x) => x.classList.toggle('on', x === b));
    const s = b.dataset.view === 'clean' ? clean : annotated;
    img.src = `/api/v1/snapshots/${encodeURIComponent(s.id)}`;
    img.onload = () => drawBoxes(b.dataset.view === 'clean'); // the clean picture gets the boxes drawn here
  }));

  const act = async (body) => {
    try {
      const next = await api(`/api/v1/workitems/${encodeURIComponent(item.id)}/actions`, { json: { ...body, version: item.version } });
      onChanged(next);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        toast(t('changedElsewhere'), 'warn');
        onChanged(await api(`/api/v1/workitems/${encodeURIComponent(item.id)}`));
      } else {
        toast(t('error') + ': ' + e.message, 'error');
      }
    }
  };
  el.querySelectorAll('button.act').forEach((b) => b.addEventListener('click', () => {
    const assignee = el.querySelector('[data-testid=assignee]');
    const body = { to: b.dataset.to };
    if (assignee && assignee.value !== (item.assignee || '')) body.assignee = assignee.value;
    act(body);
  }));
  const addNote = el.querySelector('[data-testid=add-note]');
  if (addNote) {
    addNote.addEventListener('click', () => {
      const note = el.querySelector('[data-testid=note]').value.trim();
      const assignee = el.querySelector('[data-testid=assignee]').value;
      const body = {};
      if (note) body.note = note;
      if (assignee !== (item.assignee || '')) body.assignee = assignee;
      if (Object.keys(body).length) act(body);
    });
  }
  // live view: an MJPEG stream in an <img>; the agent streams only while someone watches, so
  // dropping the image (toggle, another item) ends this viewer's share of it
  const live = el.querySelector('[data-testid=live-view]');
  if (live) {
    live.addEventListener('click', () => {
      const out = el.querySelector('.oncall-out');
      const playing = out.querySelector('img.live');
      if (playing) {
        playing.src = '';
        out.innerHTML = '';
        live.textContent = t('liveView');
        return;
      }
      out.innerHTML = `<img class="live" data-testid="live-img" alt="live" src="/api/v1/cameras/${encodeURIComponent(item.camera)}/live">`;
      out.querySelector('img').addEventListener('error', () => { out.textContent = t('liveUnavailable'); live.textContent = t('liveView'); });
      live.textContent = t('liveStop');
      ptzControls(out, item.camera);
    });
  }
  const now = el.querySelector('[data-testid=snapshot-now]');
  if (now) {
    now.addEventListener('click', async () => {
      const out = el.querySelector('.oncall-out');
      try {
        const blob = await api(`/api/v1/cameras/${encodeURIComponent(item.camera)}/snapshot`, { method: 'POST' });
        out.innerHTML = `<img alt="live" src="${URL.createObjectURL(blob)}">`;
      } catch (e) {
        out.textContent = e.status === 404 ? t('snapshotUnavailable') : t('error') + ': ' + e.message;
      }
    });
  }
}
