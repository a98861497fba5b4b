// PTZ controls beside a live view, shown only for cameras that turn (GB/T 28181 domes, ONVIF PTZ):
// press and hold an arrow or zoom button to move, release to stop; a preset goes to its position.
import { api } from './api.js';
import { t } from './i18n.js';
import { esc, toast } from './util.js';

const MOVES = [
  ['up', 0, 0.5, 0, '▲'], ['left', -0.5, 0, 0, '◀'], ['right', 0.5, 0, 0, '▶'], ['down', 0, -0.5, 0, '▼'],
  ['zoom-in', 0, 0, 0.5, '＋'], ['zoom-out', 0, 0, -0.5, '－'],
];

/** Adds the controls to {@code out} when the camera can pan, tilt or zoom. */
export async function ptzControls(out, camera) {
  let row;
  try {
    row = (await api(`/api/v1/cameras/${encodeURIComponent(camera)}`)).camera;
  } catch (e) {
    return; // no registry entry: no controls
  }
  if (!row || !row.ptz) return;
  const pad = document.createElement('div');
  pad.className = 'ptz';
  pad.dataset.testid = 'ptz';
  pad.innerHTML = MOVES.map(([name, , , , sign]) =>
    `<button class="ptz-${name}" data-testid="ptz-${name}" data-move="${name}" title="${esc(t('ptz_' + name))}">${sign}</button>`).join('')
    + `<label>${esc(t('ptz_preset'))} <input type="number" min="1" max="255" value="1" data-testid="ptz-preset"></label>`
    + `<button data-testid="ptz-goto">${esc(t('ptz_goto'))}</button>`;
  out.appendChild(pad);
  const send = async (body) => {
    try {
      await api(`/api/v1/cameras/${encodeURIComponent(camera)}/ptz`, { json: body });
    } catch (e) {
      toast(t('error') + ': ' + e.message, 'error');
    }
  };
  pad.querySelectorAll('button[data-move]').forEach((b) => {
    const m = MOVES.find((x) => x[0] === b.dataset.move);
    let moving = false;
    const start = (ev) => { ev.preventDefault(); moving = true; send({ action: 'move', pan: m[1], tilt: m[2], zoom: m[3] }); };
    const stop = () => { if (moving) { moving = false; send({ action: 'stop' }); } };
    b.addEventListener('pointerdown', start);
    b.addEventListener('pointerup', stop);
    b.addEventListener('pointerleave', stop);
  });
  pad.querySelector('[data-testid=ptz-goto]').addEventListener('click', () => {
    send({ action: 'goto_preset', preset: Number(pad.querySelector('[data-testid=ptz-preset]').value) });
  });
}
