// What the browser scripts share: "CHECK name" lines, and one headless Chromium (Debian's, via the
// dashboard's playwright-core) around a script's body, ending with "BROWSER OK" or
// "BROWSER FAILED reason" and a non-zero exit.
import { pathToFileURL } from 'node:url';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const check = (name, ok, detail = '') => {
  if (!ok) throw new Error(`check failed: ${name} ${detail}`);
  console.log(`CHECK ${name}${detail ? ' ' + detail : ''}`);
};

/** Runs body(browser) with screenshots going to {@code out}; closes the browser whatever happens. */
export async function withBrowser(dashboardDir, out, body) {
  const { launchChromium } = await import(pathToFileURL(join(dashboardDir, 'chromium.mjs')).href);
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    await body(browser);
    console.log('BROWSER OK');
  } catch (e) {
    console.log('BROWSER FAILED ' + e.message);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
