// Names for the screens: operators know sites by name (光明街道 站点 1) and tags by their label
// (公明街道), not by id or path.
import { api } from './api.js';

const sites = new Map();
const tags = new Map();

/** Loads the names of the sites this operator may see and the tag catalog's labels; call after login. */
export async function loadNames() {
  const [s, t] = await Promise.all([api('/api/v1/sites'), api('/api/v1/tags')]);
  for (const x of s) sites.set(x.id, x.name || x.id);
  for (const x of t) tags.set(x.path, x.label || x.path);
}

export function siteName(id) {
  return sites.get(id) || id;
}

export function tagLabel(path) {
  return tags.get(path) || path;
}
