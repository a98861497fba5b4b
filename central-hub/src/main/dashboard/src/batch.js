// A batch command (批量指令): the devices of a tag and type commanded at once; each batch sent
// here shows its summary (succeeded / failed / pending of total), moved on by the stream.
import { api } from './api.js';
import { commandButtons, label } from './commands.js';
import { t, time } from './i18n.js';
import { tagLabel } from './names.js';
import { esc } from './util.js';

const RANK = { queued: 0, sent: 1, delivered: 2 };

// how far a batch's commands have come: grows with every state any of them reaches, so an older summary never replaces a newer one
function progress(b) {
  return Object.entries(b.summary.byState).reduce((n, [s, k]) => n + k * (s in RANK ? RANK[s] : 3), 0);
}

function batchRow(b) {
  const s = b.summary;
  return `<li data-batch="${esc(b.id)}" data-testid="batch-${esc(b.id)}" data-progress="${progress(b)}" data-total="${s.total}" data-succeeded="${s.succeeded}" data-pending="${s.pending}">
    <b title="${esc(b.command)}">${esc(label(b.type, b.command))}</b> · ${esc(b.tag ? tagLabel(b.tag) : '')} ${esc(b.type || '')} <span class="muted">${esc(time(b.createdAt))}</span>
    <div data-testid="batch-summary"><span class="badge cmd-succeeded">${t('cmd_succeeded')} ${s.succeeded}</span>
      <span class="badge cmd-failed">${t('cmd_failed')} ${s.failed}</span> <span class="badge cmd-queued">${t('pending')} ${s.pending}</span>
      <span class="muted">/ ${s.total}${b.skipped ? ` · ${t('skipped')} ${b.skipped}` : ''}</span></div></li>`;
}

function follow(list, b) {
  const li = list.querySelector(`li[data-batch="${CSS.escape(b.id)}"]`);
  if (!li) list.insertAdjacentHTML('afterbegin', batchRow(b));
  else if (progress(b) >= Number(li.dataset.progress)) li.outerHTML = batchRow(b);
}

export function batchPanel(el, ctx, types, tags) {
  const commanded = types.filter((x) => Object.values(x.commands || {}).some((c) => !c.agentOnly));
  el.innerHTML = `<div class="batch" data-testid="batch"><h3>${t('batch')}</h3><p class="muted">${t('batchHint')}</p>
    <div class="filters"><input data-testid="batch-tag" list="batch-tags" placeholder="${t('tag')}">
      <datalist id="batch-tags">${tags.map((x) => `<option value="${esc(x.path)}">${esc(x.label)}</option>`).join('')}</datalist>
      <select data-testid="batch-type"><option value="">${t('type')}</option>${commanded.map((x) => `<option value="${esc(x.type)}">${esc(x.name)}</option>`).join('')}</select></div>
    <div data-testid="batch-buttons"></div><ul class="commands" data-testid="batches"></ul></div>`;
  const list = el.querySelector('[data-testid=batches]');
  const tag = el.querySelector('[data-testid=batch-tag]');
  const type = el.querySelector('[data-testid=batch-type]');
  type.addEventListener('change', () => {
    const buttons = el.querySelector('[data-testid=batch-buttons]');
    buttons.innerHTML = '';
    if (!type.value) return;
    commandButtons(buttons, type.value, async (body) => {
      const b = await api('/api/v1/commands/batch', { json: { ...body, type: type.value, tag: tag.value.trim() || undefined } });
      follow(list, b);
      follow(list, await api('/api/v1/commands/batches/' + encodeURIComponent(b.id))); // what the stream said before this row existed
    });
  });
  ctx.on((m) => {
    if (m.type !== 'batches') return;
    for (const b of m.items) if (list.querySelector(`li[data-batch="${CSS.escape(b.id)}"]`)) follow(list, b);
  });
}
