// The desk console: the event queue with filters on the left, the selected item on the right.
import { api } from './api.js';
import { pagedList } from './lists.js';
import { label, renderDetail } from './detail.js';
import { t, time } from './i18n.js';
import { siteName } from './names.js';
import { esc } from './util.js';

const TYPES = ['vending', 'parking', 'debris', 'poster', 'banner', 'out_of_store', 'red_code', 'yellow_code', 'fever', 'listed'];
const STATES = ['new', 'acknowledged', 'dispatched', 'resolved', 'false_positive'];

export async function consoleScreen(root, ctx) {
  const sites = await api('/api/v1/sites');
  const tags = await api('/api/v1/tags');
  root.innerHTML = `
    <section class="console" data-testid="console">
      <aside class="queue">
        <h3>${t('queue')} <span class="muted" data-testid="queue-total"></span></h3>
        <div class="filters">
          <select data-f="state"><option value="open">${t('openItems')}</option><option value="">${t('all')}</option>
            ${STATES.map((s) => `<option value="${s}">${t(s)}</option>`).join('')}</select>
          <select data-f="kind"><option value="">${t('kind')}: ${t('all')}</option><option value="inspection">${t('inspection')}</option>
            <option value="checkpoint_alert">${t('checkpoint_alert')}</option></select>
          <select data-f="type"><option value="">${t('type')}: ${t('all')}</option>${TYPES.map((x) => `<option value="${x}">${t(x)}</option>`).join('')}</select>
          <select data-f="site"><option value="">${t('site')}: ${t('all')}</option>${sites.map((s) => `<option value="${esc(s.id)}">${esc(s.name)}</option>`).join('')}</select>
          <input data-f="tag" list="tag-list" placeholder="${t('tag')}">
          <datalist id="tag-list">${tags.map((x) => `<option value="${esc(x.path)}">${esc(x.label)}</option>`).join('')}</datalist>
        </div>
        <ul class="items" data-testid="queue"></ul>
      </aside>
      <main class="pane" data-testid="pane"><p class="muted">${t('pick')}</p></main>
    </section>`;
  const list = root.querySelector('[data-testid=queue]');
  const pane = root.querySelector('[data-testid=pane]');
  let selected = null;
  const row = (w) => `<li data-testid="item-${esc(w.id)}" data-id="${esc(w.id)}" class="${selected && selected.id === w.id ? 'sel' : ''}">
      <span class="badge state-${esc(w.state)}">${esc(t(w.state))}</span> <b>${esc(label(w))}</b>
      <div class="muted">${esc(siteName(w.site))} · ${esc(time(w.createdAt))}${w.assignee ? ' · ' + esc(w.assignee) : ''}</div></li>`;
  const load = pagedList(root, {
    path: '/api/v1/workitems',
    list,
    total: root.querySelector('[data-testid=queue-total]'),
    empty: t('noItems'),
    row,
    onPick: (id) => open(id),
  });
  const open = async (id) => {
    selected = await api('/api/v1/workitems/' + encodeURIComponent(id));
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('sel', li.dataset.id === id));
    show();
  };
  const show = () => renderDetail(pane, selected, ctx.me.role !== 'viewer', (next) => { selected = next; show(); patch(next); });
  const patch = (w) => {
    const li = list.querySelector(`[data-id="${CSS.escape(w.id)}"]`);
    if (li) li.outerHTML = row(w);
  };
  await load();
  ctx.on(async (m) => {
    if (m.type === 'resync') return load();
    if (m.type !== 'workitems') return;
    let fresh = false;
    for (const w of m.items) {
      if (list.querySelector(`[data-id="${CSS.escape(w.id)}"]`)) patch(w); else fresh = true;
      if (selected && selected.id === w.id && w.version > selected.version) {
        selected = await api('/api/v1/workitems/' + encodeURIComponent(w.id));
        show();
      }
    }
    if (fresh) load();
  });
}
