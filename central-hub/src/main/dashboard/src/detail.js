// One work item: its snapshots (annotated / clean with the boxes drawn over it), facts, one-click
// state changes, assignee and notes, and its trail. Shared by the console and the phone.
import { api, ApiError, query } from './api.js';
import { commandRow, problemsOf, send, shown, typesOf } from './commands.js';
import { objectLabel, t, time } from './i18n.js';
import { siteName, tagLabel } from './names.js';
import { esc, toast } from './util.js';
import { ptzControls } from './ptz.js';
import { showRecording, timelineBox } from './timeline.js';

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

/** What raised a checkpoint alert, in the screen's words: the health code and temperature the scan read (a listed person: the list). */
export function alertCause(item) {
  const a = item.alert;
  const parts = item.type === 'listed' ? [t('listed')] : [];
  if (a.healthCode) parts.push(`${t('healthCode')} ${t('code_' + a.healthCode)}`);
  if (a.temperature != null) parts.push(`${t('temperature')} ${a.temperature.toFixed(1)} °C`);
  if (!a.healthCode && a.temperature == null && a.note) parts.push(a.note); // an alert from an agent that did not say
  return parts.join(' · ');
}

/**
 * One trail step in the screen's words: who (an agent by its site's name), what it went from and
 * to, and the note; the gate's own note on an alert (its cause, in the agent's English) is said as
 * the reason row says it.
 */
function trailStep(item, s) {
  const who = s.actor.startsWith('agent:') ? `${t('agent')} ${siteName(s.actor.slice(6))}` : s.actor;
  const note = s.action === 'assign' && s.note ? `${t('assignee')}: ${s.note.replace(/^assignee: /, '')}`
    : s.action === 'field_state' && item.alert ? alertCause(item) : s.note;
  return `<li><time>${esc(time(s.at))}</time> <b>${esc(who)}</b> ${esc(s.from ? t(s.from) + ' → ' : '')}${esc(t(s.to))}${note ? ' · ' + esc(note) : ''}</li>`;
}

/**
 * Where each box's label goes on the canvas so labels never cover one another and stay in the
 * picture: above the box, else inside its top, else below, else the nearest free place further
 * down (the agent lays out the annotated JPEG's labels the same way).
 */
export function layoutLabels(boxes, widths, height, width, imageHeight) {
  const placed = [];
  const free = (p) => placed.every((o) => !(p.x < o.x + o.w && o.x < p.x + p.w && p.y < o.y + o.h && o.y < p.y + p.h));
  boxes.forEach((b, i) => {
    const w = Math.min(widths[i], width);
    const x = Math.max(0, Math.min(width - w, Math.round(b.x)));
    const top = Math.round(b.y);
    let chosen = [top - height, top, Math.round(b.y + b.h)].map((y) => ({ x, y, w, h: height }))
      .find((p) => p.y >= 0 && p.y + height <= imageHeight && free(p));
    for (let y = Math.max(0, Math.min(imageHeight - height, top - height)); !chosen && y + height <= imageHeight; y++) {
      if (free({ x, y, w, h: height })) chosen = { x, y, w, h: height };
    }
    placed.push(chosen || { x, y: Math.max(0, Math.min(imageHeight - height, top - height)), w, h: height });
  });
  return placed;
}

export function thumbnail(item) {
  const s = item.inspection && item.inspection.snapshots.find((x) => x.kind === 'annotated');
  return s ? `/api/v1/snapshots/${encodeURIComponent(s.id)}` : null;
}

/** How much of a recorded camera's timeline the detail shows before the item. */
const TIMELINE_BEFORE_MS = 30 * 60_000;

/** Renders an item into el; onChanged(item) after a successful action. */
export function renderDetail(el, item, canAct, onChanged, compact = false) {
  const snaps = (item.inspection && item.inspection.snapshots) || [];
  const annotated = snaps.find((s) => s.kind === 'annotated');
  const clean = snaps.find((s) => s.kind === 'clean');
  const ev = item.inspection;
  // an inspection event's clip, or the clip of the camera at an alert's gate
  const clip = (ev && ev.clip) || (item.alert && item.alert.clip) || null;
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
      ${clip ? `
      <div class="clipview">
        <button data-testid="play-clip">${t('playClip')}</button>
        <video data-testid="clip" controls playsinline muted preload="none" hidden></video>
        <div class="clip-out muted"></div>
      </div>` : ''}
      <dl class="facts">
        <dt>${t('kind')}</dt><dd>${esc(t(item.kind))}</dd>
        <dt>${t('site')}</dt><dd data-testid="detail-site">${esc(siteName(item.site))}</dd>
        ${item.scene ? `<dt>${t('scene')}</dt><dd>${esc(item.scene)}</dd>` : ''}
        ${item.camera ? `<dt>${t('camera')}</dt><dd>${esc(item.camera)}</dd>` : ''}
        ${item.checkpoint ? `<dt>${t('checkpoint')}</dt><dd>${esc(item.checkpoint)}</dd>` : ''}
        ${item.alert ? `<dt>${t('reason')}</dt><dd data-testid="detail-reason">${esc(alertCause(item))}</dd>
        <dt>${t('person')}</dt><dd data-testid="detail-person">${esc(item.alert.personMasked || '—')}</dd>` : ''}
        <dt>${t('created')}</dt><dd>${esc(time(item.createdAt))}</dd>
        <dt>${t('tag')}</dt><dd data-testid="detail-tags">${item.tags.map((x) => `<span class="chip" title="${esc(x)}">${esc(tagLabel(x))}</span>`).join(' ') || '—'}</dd>
        ${ev ? `<dt>${t('detections')}</dt><dd>${ev.objects.map((o) => `${esc(objectLabel(o.label))} ${(o.score * 100).toFixed(0)}%`).join(', ')}</dd>` : ''}
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
      ${item.camera && !compact ? timelineBox() : ''}
      ${item.checkpoint && canAct && !compact ? `<div class="remote" data-testid="remote-open"><h3>${t('remoteOpen')}</h3>
        <input data-testid="remote-reason" maxlength="200" placeholder="${t('remoteReason')}">
        <button data-testid="remote-open-send" disabled>${t('remoteOpen')}</button>
        <ul class="problems" data-testid="remote-problems"></ul><ul class="commands" data-testid="remote-commands"></ul></div>` : ''}
      ${item.camera && !compact ? `<div class="oncall"><button data-testid="snapshot-now">${t('cameraSnapshot')}</button>
        <button data-testid="live-view">${t('liveView')}</button><div class="oncall-out"></div></div>` : ''}
      ${compact ? '' : `<h3>${t('trail')}</h3>
      <ol class="trail" data-testid="trail">${(item.trail || []).map((s) => trailStep(item, s)).join('')}</ol>`}
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
    const boxes = ev.objects.map((o) => ({ x: o.box.x * sx, y: o.box.y * sy, w: o.box.w * sx, h: o.box.h * sy }));
    const texts = ev.objects.map((o) => `${objectLabel(o.label)} ${(o.score * 100).toFixed(0)}%`);
    boxes.forEach((b) => g.strokeRect(b.x, b.y, b.w, b.h));
    const places = layoutLabels(boxes, texts.map((x) => Math.ceil(g.measureText(x).width) + 6), 16, canvas.width, canvas.height);
    places.forEach((p, i) => {
      g.fillStyle = 'rgba(0,0,0,0.65)';
      g.fillRect(p.x, p.y, p.w, p.h);
      g.fillStyle = '#ffcc00';
      g.fillText(texts[i], p.x + 3, p.y + 12);
    });
    canvas.dataset.labels = JSON.stringify(places); // where the labels went, for the browser test
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
  // remote open (远程开闸) of the checkpoint's turnstile: only with a reason, which the audit log keeps
  const remote = el.querySelector('[data-testid=remote-open]');
  if (remote) remoteOpen(remote, item.checkpoint);
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
  const timeline = el.querySelector('[data-testid=timeline]');
  if (timeline) showRecording(timeline, item.camera, item.createdAt - TIMELINE_BEFORE_MS, Date.now());
  const play = el.querySelector('[data-testid=play-clip]');
  if (play) {
    // the clip stays at the site until asked for: the first play has the hub fetch it from the agent
    play.addEventListener('click', () => {
      const video = el.querySelector('video[data-testid=clip]');
      const out = el.querySelector('.clip-out');
      out.textContent = '';
      video.hidden = false;
      video.onerror = () => { out.textContent = t('clipUnavailable'); };
      video.src = `/api/v1/cameras/${encodeURIComponent(clip.camera)}/clips/${encodeURIComponent(clip.id)}`;
      video.play().catch(() => { /* reported by onerror */ });
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

/** The checkpoint's turnstile opened on an operator's word: the button waits for a reason; its recent remote opens below, live. */
async function remoteOpen(el, checkpoint) {
  const reason = el.querySelector('[data-testid=remote-reason]');
  const button = el.querySelector('[data-testid=remote-open-send]');
  const problems = el.querySelector('[data-testid=remote-problems]');
  const list = el.querySelector('[data-testid=remote-commands]');
  reason.addEventListener('input', () => { button.disabled = !reason.value.trim(); });
  const gates = await api('/api/v1/devices' + query({ checkpoint, type: 'turnstile' }));
  const gate = gates.items[0];
  if (!gate) {
    problems.innerHTML = `<li>${esc(t('noTurnstile'))}</li>`;
    button.remove();
    return;
  }
  const recent = await api('/api/v1/commands' + query({ device: gate.id, limit: 5 }));
  await typesOf([gate]);
  list.innerHTML = recent.filter((c) => c.command === 'remote_open').map((c) => commandRow(c)).join('');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const c = await send(gate.id, { command: 'remote_open', reason: reason.value.trim() });
      problems.innerHTML = '';
      reason.value = '';
      await shown(list, c);
    } catch (e) {
      problems.innerHTML = problemsOf(e).map((p) => `<li>${esc(p)}</li>`).join('');
      button.disabled = !reason.value.trim();
    }
  });
}
