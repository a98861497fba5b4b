// A camera's rolling recording between two moments as a bar of segments and gaps (hidden when the
// camera is not recorded, or its site is not connected); a click picks a moment, the agent exports
// from there and the video plays it. Shared by an item's detail and the camera page.
import { api } from './api.js';
import { t, time } from './i18n.js';

/** How long a picked moment plays. */
const PLAY_FROM_MOMENT_MS = 30_000;

/** The timeline's markup; showRecording() fills it. */
export function timelineBox() {
  return `<div class="timeline" data-testid="timeline" hidden>
        <h3>${t('recording')}</h3>
        <div class="bar" data-testid="timeline-bar" title="${t('pickMoment')}"></div>
        <div class="ticks muted"><span class="t-from"></span><span class="t-to"></span></div>
        <video data-testid="recording" controls playsinline muted preload="none" hidden></video>
        <div class="timeline-out muted" data-testid="timeline-out"></div>
      </div>`;
}

/** The moment picked, or where the recording goes on after it when it falls in a gap (a pixel of a day's bar is a minute). */
function recorded(segments, moment) {
  const next = segments.find((s) => s.to >= moment);
  if (next) return Math.max(moment, next.from);
  const last = segments[segments.length - 1];
  return last ? Math.max(last.from, last.to - PLAY_FROM_MOMENT_MS) : moment;
}

/** Lists the camera's recording from..to into box; resolves with the listing, or null when there is none to show. */
export async function showRecording(box, camera, from, to) {
  let rec;
  try {
    rec = await api(`/api/v1/cameras/${encodeURIComponent(camera)}/recordings?from=${from}&to=${to}`);
  } catch (e) {
    box.hidden = true;
    return null; // not recorded, or the site is not connected: no timeline
  }
  const span = rec.to - rec.from;
  const pct = (x) => `${(100 * (x - rec.from) / span).toFixed(3)}%`;
  const width = (a, b) => `${(100 * (b - a) / span).toFixed(3)}%`;
  const bar = box.querySelector('.bar');
  // segments over gaps, at least a few pixels wide: a minute of a day's bar is less than one
  bar.innerHTML = rec.gaps.map((g) => `<i class="gap" style="left:${pct(g.from)};width:${width(g.from, g.to)}"></i>`).join('')
    + rec.segments.map((s) => `<i class="seg" style="left:${pct(s.from)};width:${width(s.from, s.to)}"></i>`).join('');
  box.querySelector('.t-from').textContent = time(rec.from);
  box.querySelector('.t-to').textContent = time(rec.to);
  box.hidden = false;
  bar.onclick = async (e) => {
    const r = bar.getBoundingClientRect();
    const moment = recorded(rec.segments, Math.round(rec.from + span * (e.clientX - r.left) / r.width));
    const out = box.querySelector('.timeline-out');
    const video = box.querySelector('video');
    out.textContent = `${t('exporting')} ${time(moment)}`;
    try {
      const made = await api(`/api/v1/cameras/${encodeURIComponent(camera)}/recordings/export?from=${moment}&to=${Math.min(moment + PLAY_FROM_MOMENT_MS, rec.to)}`,
        { method: 'POST' });
      out.textContent = time(made.clip.from);
      video.hidden = false;
      video.onerror = () => { out.textContent = t('clipUnavailable'); };
      video.src = made.url;
      video.play().catch(() => { /* reported by onerror */ });
    } catch (err) {
      out.textContent = t('error') + ': ' + err.message;
    }
  };
  return rec;
}
