// The left-hand list of the console's screens (work items, devices, cameras): one page of an API
// list read with the filters' values, its total shown, a click on a row handled by the screen.
import { api, query } from './api.js';
import { t } from './i18n.js';
import { esc } from './util.js';

/** The id chosen in the address (#/devices?id=…), or null. */
export function chosenId() {
  return new URLSearchParams(location.hash.split('?')[1] || '').get('id');
}

/** Online or offline, as a badge (testid given for the detail pane's badge). */
export function onlineBadge(x, testid) {
  return `<span class="badge ${x.online ? 'cmd-succeeded' : 'cmd-failed'}"${testid ? ` data-testid="${testid}"` : ''}>${esc(x.online ? t('online') : t('offline'))}</span>`;
}

/**
 * Fills {@code list} with the first page of {@code path} under the current filters ({@code data-f} fields in
 * {@code root}), reloading when a filter changes; {@code onPick(id)} gets a clicked row's id. Returns load().
 */
export function pagedList(root, { path, list, total, row, empty, onPick }) {
  const filters = () => Object.fromEntries([...root.querySelectorAll('[data-f]')].map((e) => [e.dataset.f, e.value]));
  const load = async () => {
    const page = await api(path + query({ ...filters(), limit: 100 }));
    total.textContent = page.total;
    list.innerHTML = page.items.map(row).join('') || `<li class="muted">${empty}</li>`;
  };
  list.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-id]');
    if (li) onPick(li.dataset.id);
  });
  root.querySelectorAll('[data-f]').forEach((e) => e.addEventListener('change', load));
  return load;
}
