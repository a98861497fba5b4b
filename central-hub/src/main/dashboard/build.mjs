// Bundles the dashboard for the hub: src/ -> OUT (default ../../../target/classes/dashboard), with
// ECharts from node_modules, so the hub serves everything itself (no CDN). Installs the npm
// packages first when they are missing (npm ci from the lock file); after that it runs offline.
// Run by Maven (generate-resources) and by scripts/install/dashboard.sh.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, '../../../target/classes/dashboard'));

function installed() {
  const lock = join(here, 'package-lock.json');
  const marker = join(here, 'node_modules', '.package-lock.json');
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
}

if (!installed()) {
  console.log('[dashboard] installing npm packages (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
}

const esbuild = await import('esbuild');
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  outfile: join(out, 'app.js'),
  legalComments: 'none',
  logLevel: 'warning',
});
const files = ['app.js'];
for (const f of readdirSync(join(here, 'src'))) {
  if (/\.(html|css|svg|png)$/.test(f)) {
    copyFileSync(join(here, 'src', f), join(out, f));
    files.push(f);
  }
}
writeFileSync(join(out, 'files.txt'), files.join('\n') + '\n');
console.log(`[dashboard] built ${files.length} files into ${out}`);
