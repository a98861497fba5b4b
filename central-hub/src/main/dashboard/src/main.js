// The dashboard shell: login, the screens (#/wall, #/console, #/cameras, #/devices, #/phone), the language
// switch, and one live stream whose messages go to the screen on show.
import { api, stream } from './api.js';
import { camerasScreen } from './cameras.js';
import { followCommands } from './commands.js';
import { devicesScreen } from './devices.js';
import { language, setLanguage, t } from './i18n.js';
import { consoleScreen } from './queue.js';
import { phone } from './phone.js';
import { loadNames } from './names.js';
import { esc } from './util.js';
import { wall } from './wall.js';

const SCREENS = { wall, console: consoleScreen, cameras: camerasScreen, devices: devicesScreen, phone };
const app = document.getElementById('app');
let me = null;
let live = null;
let liveUp = null; // null: connecting; the stream's state outlives the header, which a language switch redraws
let listeners = [];
let shown = 0; // the latest render(); one that a newer render overtook while it waited for the hub draws nothing

function route() {
  const name = (location.hash.replace(/^#\/?/, '') || (matchMedia('(max-width: 640px)').matches ? 'phone' : 'wall')).split('?')[0];
  return SCREENS[name] ? name : 'wall';
}

async function render() {
  const mine = ++shown;
  const current = () => mine === shown;
  setLanguage(language());
  if (!me) {
    try {
      const who = await api('/api/v1/auth/me');
      await loadNames();
      if (!current()) return;
      me = who;
    } catch (e) {
      // the login form on show keeps what the user is typing: this check may answer between their keystrokes
      if (current() && !app.querySelector('form[data-testid=login]')) loginPage();
      return;
    }
  }
  if (!current()) return;
  const name = route();
  app.innerHTML = `
    <header class="top">
      <h1>${t('appName')}</h1>
      <nav>${Object.keys(SCREENS).map((s) => `<a href="#/${s}" data-testid="nav-${s}" class="${s === name ? 'on' : ''}">${t(s)}</a>`).join('')}</nav>
      <span class="conn" data-testid="conn" title="${t('live_updates')}"></span>
      <button class="lang" data-testid="lang">${t('language')}</button>
      <span class="who" data-testid="who" title="${esc(me.displayName)}">${esc(me.user)}${language() === 'en' ? ` (${t('role_' + me.role)})` : `（${t('role_' + me.role)}）`}</span>
      <button class="logout" data-testid="logout">${t('logout')}</button>
    </header>
    <div id="screen" class="screen-${name}"></div>`;
  app.querySelector('[data-testid=lang]').onclick = () => { setLanguage(language() === 'en' ? 'zh-CN' : 'en'); render(); };
  app.querySelector('[data-testid=logout]').onclick = async () => {
    await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => {});
    loggedOut();
  };
  listeners = [];
  const showLive = () => {
    const c = document.querySelector('[data-testid=conn]');
    if (c) { c.classList.toggle('up', !!liveUp); c.textContent = liveUp ? t('live') : liveUp === null ? t('connecting') : t('reconnecting'); }
  };
  if (!live) {
    live = stream((m) => { followCommands(m); listeners.forEach((l) => l(m)); }, (up) => { liveUp = up; showLive(); });
  } else {
    showLive();
  }
  // a screen left before its loader ended neither listens to the stream nor marks the next screen ready
  const screen = app.querySelector('#screen');
  const ctx = { me, on: (l) => { if (current()) listeners.push(l); } };
  try {
    await SCREENS[name](screen, ctx);
    screen.dataset.ready = 'true';
  } catch (e) {
    screen.innerHTML = `<p class="error">${t('error')}: ${esc(e.message)} <button data-testid="retry">${t('retry')}</button></p>`;
    screen.querySelector('[data-testid=retry]').onclick = render;
  }
}

function loggedOut() {
  me = null;
  if (live) { live.close(); live = null; liveUp = null; }
  loginPage();
}

function loginPage() {
  app.innerHTML = `
    <form class="login" data-testid="login">
      <h1>${t('appName')}</h1>
      <label>${t('user')}<input name="user" autocomplete="username" required></label>
      <label>${t('password')}<input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">${t('login')}</button>
      <p class="error" data-testid="login-error"></p>
      <button type="button" class="lang" data-testid="lang">${t('language')}</button>
    </form>`;
  const form = app.querySelector('form');
  app.querySelector('[data-testid=lang]').onclick = () => { setLanguage(language() === 'en' ? 'zh-CN' : 'en'); loginPage(); };
  form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      await api('/api/v1/auth/login', { json: { user: form.user.value, password: form.password.value } });
      me = null;
      render();
    } catch (err) {
      app.querySelector('[data-testid=login-error]').textContent = `${t('loginFailed')}: ${err.message}`;
    }
  };
}

window.addEventListener('hashchange', render);
window.addEventListener('gm-logged-out', () => { if (me) loggedOut(); });
render();
