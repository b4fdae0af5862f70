// Builds the console when packages/web/dist is missing, so `npm ci && npm start` on a fresh clone serves it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(web, 'dist', 'index.html'))) {
  console.log('Building the staff console (packages/web/dist is missing)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}
