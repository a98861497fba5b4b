// The small screen: what needs attention now, with its snapshot; tap to act; the state of the commands I sent.
import { api } from './api.js';
import { commandList } from './commands.js';
import { label, renderDetail, thumbnail } from './detail.js';
import { t, time } from './i18n.js';
import { siteName } from './names.js';
import { esc } from './util.js';

export async function phone(root, ctx) {
  root.innerHTML = `<section class="phone" data-testid="phone"><h3>${t('myOpen')} <span class="muted" data-testid="phone-total"></span></h3>
    <ul class="cards" data-testid="cards"></ul>
    <h3>${t('myCommands')}</h3><ul class="commands" data-testid="my-commands" data-with-device></ul><div class="sheet" hidden></div></section>`;
  const cards = root.querySelector('[data-testid=cards]');
  const sheet = root.querySelector('.sheet');
  const card = (w) => `<li data-id="${esc(w.id)}" data-testid="card-${esc(w.id)}">
      ${thumbnail(w) ? `<img loading="lazy" alt="" src="${thumbnail(w)}">` : `<div class="noimg">${w.kind === 'checkpoint_alert' ? '⚠' : '!'}</div>`}
      <div><b>${esc(label(w))}</b><div class="muted">${esc(siteName(w.site))} · ${esc(time(w.createdAt))}</div>
      <span class="badge state-${esc(w.state)}">${esc(t(w.state))}</span></div></li>`;
  const load = async () => {
    const page = await api('/api/v1/workitems?state=open&limit=30');
    root.querySelector('[data-testid=phone-total]').textContent = page.total;
    cards.innerHTML = page.items.map(card).join('') || `<li class="muted">${t('noItems')}</li>`;
  };
  cards.addEventListener('click', async (e) => {
    const li = e.target.closest('li[data-id]');
    if (!li) return;
    const item = await api('/api/v1/workitems/' + encodeURIComponent(li.dataset.id));
    sheet.hidden = false;
    const draw = (w) => {
      renderDetail(sheet, w, ctx.me.role !== 'viewer', (next) => { draw(next); load(); }, true);
      const back = document.createElement('button');
      back.className = 'back';
      back.textContent = t('back');
      back.onclick = () => { sheet.hidden = true; };
      sheet.prepend(back);
    };
    draw(item);
  });
  await load();
  await commandList(root.querySelector('[data-testid=my-commands]'), ctx, { sentBy: ctx.me.user, limit: 10 }, (c) => c.sentBy === ctx.me.user);
  ctx.on((m) => { if (m.type === 'workitems' || m.type === 'resync') load(); });
}
