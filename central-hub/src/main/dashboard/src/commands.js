// Operators' device commands: the type's commands as buttons with a small form for their
// arguments, and each command as a row whose state follows the stream wherever it is shown
// (device page, checkpoint alert, phone).
import { api, ApiError, query } from './api.js';
import { language, t, time } from './i18n.js';
import { esc } from './util.js';

const ENDED = new Set(['succeeded', 'failed', 'timed_out', 'expired']);
const typeCache = new Map();
const loaded = new Map(); // the types read so far, for rows drawn without waiting

/** A device type with its commands (GET /api/v1/device-types/{type}), read once per page load. */
export function deviceType(type) {
  if (!typeCache.has(type)) {
    typeCache.set(type, api('/api/v1/device-types/' + encodeURIComponent(type))
      .then((x) => { loaded.set(type, x); return x; })
      .catch((e) => { typeCache.delete(type); throw e; }));
  }
  return typeCache.get(type);
}

/** Reads the types of these commands (or devices), so rows say each command by its label. */
export function typesOf(items) {
  return Promise.all([...new Set(items.map((c) => c.type))].map((x) => deviceType(x).catch(() => null)));
}

/** A command as the screen says it: its label in Chinese where the type gives one (once the type was read), else its name. */
export function label(type, command) {
  return commandLabel(command, ((loaded.get(type) || {}).commands || {})[command]);
}

function commandLabel(name, spec) {
  return language() === 'en' || !spec || !spec.label ? name : spec.label;
}

export function ended(c) {
  return ENDED.has(c.state);
}

/** One command as a row; rows carry the id and the number of states seen, so a later state replaces an earlier one only. */
export function commandRow(c, withDevice = false) {
  return `<li class="command" data-command="${esc(c.id)}" data-testid="command-${esc(c.id)}" data-state="${esc(c.state)}" data-steps="${c.steps.length}">
    <span class="badge cmd-${esc(c.state)}" data-testid="command-state">${esc(t('cmd_' + c.state))}</span>
    <b data-name="${esc(c.command)}" title="${esc(c.command)}">${esc(label(c.type, c.command))}</b>${Object.keys(c.args || {}).length ? ` <span class="muted">${esc(Object.entries(c.args).map(([k, v]) => `${k}=${v}`).join(' '))}</span>` : ''}
    ${withDevice ? ` · ${esc(c.device)}` : ''}
    <div class="muted">${esc(time(c.updatedAt))} · ${esc(c.sentBy)}${c.reason ? ' · ' + esc(c.reason) : ''}${ended(c) && c.message ? ' · ' + esc(c.message) : ''}</div></li>`;
}

/** Called with every stream message: moves each shown row of a command the message carries to its newer state. */
export function followCommands(m) {
  if (m.type !== 'commands') return;
  for (const c of m.items) {
    document.querySelectorAll(`li[data-command="${CSS.escape(c.id)}"]`).forEach((li) => {
      if (c.steps.length >= Number(li.dataset.steps)) li.outerHTML = commandRow(c, li.closest('[data-with-device]') !== null);
    });
  }
}

/** Fills list with the commands matching params, newest first; onNew(c) decides whether a command first heard on the stream joins it. */
export async function commandList(list, ctx, params, onNew) {
  const withDevice = list.hasAttribute('data-with-device');
  const rows = await api('/api/v1/commands' + query({ limit: 20, ...params }));
  await typesOf(rows);
  list.innerHTML = rows.map((c) => commandRow(c, withDevice)).join('') || `<li class="muted empty-commands">${t('noCommands')}</li>`;
  ctx.on((m) => {
    if (m.type !== 'commands') return;
    for (const c of m.items) {
      if (!list.querySelector(`li[data-command="${CSS.escape(c.id)}"]`) && onNew(c)) {
        list.querySelector('.empty-commands')?.remove();
        list.insertAdjacentHTML('afterbegin', commandRow(c, withDevice));
      }
    }
  });
}

/**
 * Puts a command just sent on top of list, then reads it once more: states the stream pushed
 * before this row existed are in that answer, and the stream moves it on from there.
 */
export async function shown(list, c) {
  list.querySelector('.empty-commands')?.remove();
  if (!list.querySelector(`li[data-command="${CSS.escape(c.id)}"]`)) list.insertAdjacentHTML('afterbegin', commandRow(c, list.hasAttribute('data-with-device')));
  followCommands({ type: 'commands', items: [await api('/api/v1/commands/' + encodeURIComponent(c.id))] });
}

/** Sends a command; resolves to the command (202), or throws ApiError with the hub's problems. */
export function send(device, body) {
  return api(`/api/v1/devices/${encodeURIComponent(device)}/commands`, { json: body });
}

/** The problems of a refused command as the hub said them (every one), for an element that shows them. */
export function problemsOf(e) {
  return e instanceof ApiError && e.body && e.body.problems ? e.body.problems : [e.message];
}

function input(name, spec) {
  const id = `data-arg="${esc(name)}" data-testid="arg-${esc(name)}"`;
  const unit = spec.unit ? ` (${esc(spec.unit)})` : '';
  const kind = String(spec.kind).toLowerCase();
  let field;
  if (kind === 'boolean') field = `<select ${id}><option value=""></option><option value="true">true</option><option value="false">false</option></select>`;
  else if (kind === 'enum') field = `<select ${id}><option value=""></option>${spec.values.map((v) => `<option>${esc(v)}</option>`).join('')}</select>`;
  else if (kind === 'number' || kind === 'integer') field = `<input type="number" ${id} min="${spec.min}" max="${spec.max}" step="${kind === 'integer' ? 1 : 'any'}">`;
  else field = `<input ${id} maxlength="${spec.maxLength || 256}">`;
  return `<label>${esc(name)}${unit}${spec.required ? ' *' : ''} ${field}</label>`;
}

function argsOf(form, specs) {
  const args = {};
  form.querySelectorAll('[data-arg]').forEach((el) => {
    if (el.value === '') return;
    const kind = String(specs[el.dataset.arg].kind).toLowerCase();
    args[el.dataset.arg] = kind === 'number' || kind === 'integer' ? Number(el.value) : kind === 'boolean' ? el.value === 'true' : el.value;
  });
  return args;
}

/**
 * A device type's commands as buttons (what operators may send: not the agent's own), each opening
 * a small form with its arguments and the reason (required where the type says so). {@code
 * sendIt(body)} sends {command, args, reason}; a refusal shows every problem the hub gave.
 */
export async function commandButtons(el, typeName, sendIt) {
  const type = await deviceType(typeName);
  const commands = Object.entries(type.commands || {}).filter(([, spec]) => !spec.agentOnly);
  if (!commands.length) {
    el.innerHTML = `<p class="muted">${t('noDeviceCommands')}</p>`;
    return;
  }
  el.innerHTML = `<div class="cmd-buttons">${commands.map(([name, spec]) =>
    `<button class="cmd" data-testid="cmd-${esc(name)}" data-name="${esc(name)}" title="${esc(name)}">${esc(commandLabel(name, spec))}</button>`).join('')}</div>
    <form class="cmd-form" data-testid="cmd-form" novalidate hidden></form>`;
  const form = el.querySelector('.cmd-form');
  el.querySelectorAll('button.cmd').forEach((b) => b.addEventListener('click', () => {
    const spec = type.commands[b.dataset.name];
    form.hidden = false;
    form.dataset.name = b.dataset.name;
    form.innerHTML = `<b>${esc(commandLabel(b.dataset.name, spec))}</b>
      ${Object.entries(spec.args || {}).map(([n, s]) => input(n, s)).join('')}
      <label>${t('reason')}${spec.reasonRequired ? ' *' : ''} <input data-testid="cmd-reason" name="reason" maxlength="200" ${spec.reasonRequired ? 'required' : ''}></label>
      <button type="submit" data-testid="cmd-send">${t('send')}</button>
      <ul class="problems" data-testid="cmd-problems"></ul>`;
    const sendButton = form.querySelector('[data-testid=cmd-send]');
    const reason = form.querySelector('[data-testid=cmd-reason]');
    const ready = () => { sendButton.disabled = spec.reasonRequired && !reason.value.trim(); };
    reason.addEventListener('input', ready);
    ready();
    form.onsubmit = async (e) => {
      e.preventDefault();
      const body = { command: form.dataset.name, args: argsOf(form, spec.args || {}) };
      if (reason.value.trim()) body.reason = reason.value.trim();
      const problems = form.querySelector('[data-testid=cmd-problems]');
      try {
        await sendIt(body);
        problems.innerHTML = '';
        form.hidden = true;
      } catch (err) {
        problems.innerHTML = problemsOf(err).map((p) => `<li>${esc(p)}</li>`).join('');
      }
    };
  }));
}
