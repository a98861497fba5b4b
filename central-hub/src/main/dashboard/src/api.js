// The API over fetch with the session cookie, and the live stream over a WebSocket that reconnects.
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.reason) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

let logins = 0; // a 401 to a request sent before the latest login says nothing about the session it opened

export async function api(path, options = {}) {
  const sentAt = logins;
  const init = { credentials: 'same-origin', headers: {}, ...options };
  if (options.json !== undefined) {
    init.method = init.method || 'POST';
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  }
  const r = await fetch(path, init);
  const type = r.headers.get('content-type') || '';
  const body = type.includes('json') ? await r.json() : await r.blob();
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
