// Small DOM helpers: every value from the API goes through esc() before it is put in HTML.
export function esc(v) {
  return String(v == null ? '' : v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function h(html) {
  const t = document.createElement('template');
  t.innerHTML = html.trim();
  return t.content.firstElementChild;
}

export function toast(message, kind = 'info') {
  const el = h(`<div class="toast ${kind}" role="status">${esc(message)}</div>`);
  document.body.appendChild(el);
  setTimeout(() => el.remove(), 3500);
}
