// The API over fetch with the session cookie, and the live stream over a WebSocket that reconnects.
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.reason) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

// a read the hub has not answered in this long ends in an error the screen shows (with a retry) instead
// of a screen waiting for ever; writes wait for the hub's own deadlines
const READ_MS = 60_000;
let logins = 0; // a 401 to a request sent before the latest login says nothing about the session it opened

export async function api(path, options = {}) {
  const sentAt = logins;
  const init = { credentials: 'same-origin', headers: {}, ...options };
  if (options.json !== undefined) {
    init.method = init.method || 'POST';
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  }
  const read = (init.method || 'GET') === 'GET';
  const abort = new AbortController();
  const timer = read && setTimeout(() => abort.abort(new ApiError(0, { reason: `${t('noAnswer')} (${READ_MS / 1000} s): GET ${path}` })), READ_MS);
  let r;
  let type;
  let body;
  try {
    r = await fetch(path, { ...init, signal: abort.signal });
    type = r.headers.get('content-type') || '';
    body = type.includes('json') ? await r.json() : await r.blob();
  } finally {
    clearTimeout(timer);
  }
  const login = path.endsWith('/auth/login');
  if (r.ok && login) logins++;
  if (!r.ok) {
    if (r.status === 401 && !login && sentAt === logins) window.dispatchEvent(new Event('gm-logged-out'));
    throw new ApiError(r.status, type.includes('json') ? body : null);
  }
  return body;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Calls onMessage(message) for each message of each frame; reconnects after a drop. */
export function stream(onMessage, onState) {
  let ws;
  let closed = false;
  let delay = 500;
  const open = () => {
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/stream');
    ws.onopen = () => { delay = 500; onState && onState(true); };
    ws.onmessage = (e) => {
      for (const m of JSON.parse(e.data)) onMessage(m);
    };
    ws.onclose = (e) => {
      onState && onState(false);
      if (closed) return;
      if (e.code === 4401) { window.dispatchEvent(new Event('gm-logged-out')); return; }
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
  };
  open();
  return { close() { closed = true; ws && ws.close(); } };
}
