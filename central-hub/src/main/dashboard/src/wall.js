// The big screen: online-rate gauge and trend, sites and areas ranked, live alert ticker,
// checkpoint activity. Loads once, then lives on the stream.
import { api } from './api.js';
import { chart, gauge, passes, ranking, trend } from './charts.js';
import { label } from './detail.js';
import { percent, t, time } from './i18n.js';
import { siteName } from './names.js';
import { esc } from './util.js';

export async function wall(root, ctx) {
  root.innerHTML = `
    <section class="wall" data-testid="wall">
      <div class="panel kpi-rate">
        <h3>${t('onlineRate')}</h3>
        <div class="gauge" id="g"></div>
        <div class="big" data-testid="online-rate">—</div>
        <div class="sub"><span data-testid="online-count">—</span> / <span data-testid="camera-total">—</span> ${t('cameras')}</div>
      </div>
      <div class="panel kpis">
        <div class="kpi"><label>${t('sites')}</label><b data-testid="kpi-sites">—</b></div>
        <div class="kpi"><label>${t('devices')}</label><b data-testid="kpi-devices">—</b></div>
        <div class="kpi"><label>${t('checkpoints')}</label><b data-testid="kpi-checkpoints">—</b></div>
        <div class="kpi"><label>${t('openItems')}</label><b data-testid="kpi-open">—</b></div>
      </div>
      <div class="panel trend"><h3>${t('trend')}</h3><div class="chart" id="trend" data-testid="trend"></div></div>
      <div class="panel rank-sites"><h3>${t('sitesRanked')}</h3><div class="chart" id="sites" data-testid="sites-chart"></div>
        <p class="empty" data-testid="sites-empty" hidden>${t('noSites')}</p></div>
      <div class="panel rank-tags"><h3>${t('tagsRanked')}</h3><div class="chart" id="tags" data-testid="tags-chart"></div>
        <p class="empty" data-testid="tags-empty" hidden>${t('noAreas')}</p></div>
      <div class="panel ticker"><h3>${t('ticker')} <span class="live-dot"></span></h3><ul data-testid="ticker"></ul></div>
      <div class="panel activity"><h3>${t('checkpointActivity')} · ${t('live')}: <span class="ok" data-testid="live-allowed">0</span> / <span class="bad" data-testid="live-denied">0</span></h3><div class="chart" id="passes"></div>
        <p class="empty" data-testid="passes-empty" hidden>${t('noPasses')}</p></div>
    </section>`;
  const g = chart(root.querySelector('#g'));
  const tr = chart(root.querySelector('#trend'));
  const st = chart(root.querySelector('#sites'));
  const tg = chart(root.querySelector('#tags'));
  const ps = chart(root.querySelector('#passes'));
  const $ = (id) => root.querySelector(`[data-testid=${id}]`);
  let target = 0.97;
  let buckets = [];
  // a panel with nothing to show says so instead of standing empty
  const empty = (name, none) => { $(name + '-empty').hidden = !none; };

  const showRate = (overall) => {
    gauge(g, overall.rate, target);
    trend(tr, buckets, target, { at: Date.now(), rate: overall.rate });
    $('online-rate').textContent = percent(overall.rate);
    $('online-rate').classList.toggle('bad', !!overall.belowTarget);
    $('online-count').textContent = overall.online;
    $('camera-total').textContent = overall.total;
  };
  const loadOpen = async () => {
    const open = await api('/api/v1/workitems?state=open&limit=1');
    $('kpi-open').textContent = open.total;
  };
  const loadActivity = async () => {
    const hours = (await api('/api/v1/checkpoints/activity?hours=24')).hours;
    passes(ps, hours);
    empty('passes', hours.every((h) => h.allowed + h.denied === 0));
  };
  const [rate, byTag, history, overview, items] = await Promise.all([
    api('/api/v1/online-rate?by=site'), api('/api/v1/online-rate?by=tag&under=area&level=2'), api('/api/v1/online-rate/history?stepSeconds=900'),
    api('/api/v1/overview'), api('/api/v1/workitems?limit=15'), loadOpen(), loadActivity(),
  ]);
  target = rate.target;
  buckets = history.buckets;
  showRate(rate.overall);
  ranking(st, rate.groups, target);
  empty('sites', rate.groups.length === 0);
  ranking(tg, byTag.groups, target);
  empty('tags', byTag.groups.length === 0);
  $('kpi-sites').textContent = `${overview.sites.online}/${overview.sites.total}`;
  $('kpi-devices').textContent = `${overview.devices.online}/${overview.devices.total}`;
  $('kpi-checkpoints').textContent = `${overview.checkpoints.online}/${overview.checkpoints.total}`;
  const ticker = $('ticker');
  const tick = (w) => {
    const old = ticker.querySelector(`[data-id="${CSS.escape(w.id)}"]`);
    const li = document.createElement('li');
    li.dataset.id = w.id;
    li.className = 'state-' + w.state;
    li.innerHTML = `<time>${esc(time(w.updatedAt))}</time> <b>${esc(label(w))}</b> <span class="badge state-${esc(w.state)}">${esc(t(w.state))}</span> <span class="muted">${esc(siteName(w.site))}</span>`;
    if (old) old.replaceWith(li); else ticker.prepend(li);
    while (ticker.children.length > 15) ticker.lastChild.remove();
  };
  items.items.slice().reverse().forEach(tick);

  let allowed = 0;
  let denied = 0;
  let activityTimer = null;
  ctx.on((m) => {
    if (m.type === 'online' || m.type === 'hello') showRate(m.online || m.overall);
    if (m.type === 'workitems') {
      m.items.forEach(tick);
      loadOpen();
    }
    if (m.type === 'checkpoints') {
      allowed += m.allowed;
      denied += m.denied;
      $('live-allowed').textContent = allowed;
      $('live-denied').textContent = denied;
      activityTimer = activityTimer || setTimeout(() => { activityTimer = null; loadActivity(); }, 5000);
    }
    if (m.type === 'resync') wall(root, ctx);
  });
}
