// What the browser scripts share: "CHECK name" lines, and one headless Chromium (Debian's, via the
// dashboard's playwright-core) around a script's body, ending with "BROWSER OK" or
// "BROWSER FAILED reason" and a non-zero exit. On a failure it prints what each open page showed
// and went through (PAGE lines: its HTML, errors on show, console, failed and unanswered requests),
// so a failure in CI can be understood from the test report alone.
import { pathToFileURL } from 'node:url';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const check = (name, ok, detail = '') => {
  if (!ok) throw new Error(`check failed: ${name} ${detail}`);
  console.log(`CHECK ${name}${detail ? ' ' + detail : ''}`);
};

const KEPT = 40; // the last console messages and failed requests kept per page
const HTML = 4000; // characters of a page's HTML printed

/** What one page went through, for the report of a failure. */
class PageLog {
  constructor(page, n) {
    this.page = page;
    this.n = n;
    this.started = Date.now();
    this.console = [];
    this.failed = [];
    this.waiting = new Map(); // request -> when it was sent
    const keep = (list, line) => { list.push(`${Date.now() - this.started}ms ${line}`); if (list.length > KEPT) list.shift(); };
    page.on('console', (m) => keep(this.console, `${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => keep(this.console, `uncaught: ${e.message}`));
    page.on('request', (r) => this.waiting.set(r, Date.now()));
    page.on('requestfinished', async (r) => {
      this.waiting.delete(r);
      const res = await r.response().catch(() => null);
      if (res && res.status() >= 400) keep(this.failed, `${r.method()} ${r.url()} -> ${res.status()} ${await reason(res)}`);
    });
    page.on('requestfailed', (r) => {
      this.waiting.delete(r);
      keep(this.failed, `${r.method()} ${r.url()} -> ${r.failure()?.errorText}`);
    });
  }

  async print() {
    const p = `PAGE ${this.n}`;
    const now = Date.now();
    console.log(`${p} ${this.page.url()}`);
    const state = await this.page.evaluate((max) => ({
      html: (document.querySelector('#app') || document.body).outerHTML.replace(/<svg[\s\S]*?<\/svg>/g, '<svg>…</svg>')
        .replace(/\s+/g, ' ').slice(0, max),
      errors: [...document.querySelectorAll('.error, [role=status]')].map((e) => e.textContent.trim()).filter(Boolean),
    }), HTML).catch((e) => ({ html: `(could not read: ${e.message})`, errors: [] }));
    console.log(`${p} html: ${state.html}`);
    console.log(`${p} errors on show: ${state.errors.length ? state.errors.join(' | ') : 'none'}`);
    for (const line of this.console) console.log(`${p} console ${line}`);
    for (const line of this.failed) console.log(`${p} failed request ${line}`);
    for (const [r, at] of this.waiting) console.log(`${p} unanswered request ${r.method()} ${r.url()} (sent ${now - at}ms ago)`);
  }
}

async function reason(res) {
  const body = await res.text().catch(() => '');
  return body.slice(0, 200);
}

/** Runs body(browser) with screenshots going to {@code out}; closes the browser whatever happens. */
export async function withBrowser(dashboardDir, out, body) {
  const { launchChromium } = await import(pathToFileURL(join(dashboardDir, 'chromium.mjs')).href);
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  const pages = [];
  // every page of every context the script opens is logged from its first request on
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', (page) => pages.push(new PageLog(page, pages.length + 1)));
    return context;
  };
  try {
    await body(browser);
    console.log('BROWSER OK');
  } catch (e) {
    console.log('BROWSER FAILED ' + e.message);
    process.exitCode = 1;
    for (const p of pages.filter((x) => !x.page.isClosed())) await p.print();
  } finally {
    await browser.close();
  }
}
