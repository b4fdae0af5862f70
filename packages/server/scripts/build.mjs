// Compiles the server to plain JavaScript in dist/, so production runs `node dist/main.js` with no
// TypeScript loader. Each source file becomes one module at the same relative path (no bundle), so
// paths resolved from import.meta.url (the web app's dist, the portal's assets) hold in both trees;
// packages under node_modules are imported as they are. Type checking is `npm run typecheck`'s job.
//
//   node scripts/build.mjs            build now
//   node scripts/build.mjs --if-stale build only when dist/ is missing or older than a source file
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'dist');
const stamp = join(out, '.built');

const isTest = (f) => f.endsWith('.test.ts');
const sourceFiles = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name))
  .filter((f) => !isTest(f));

/** True when a source file, the package manifest or this script changed after the last build. */
function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = [...sourceFiles, join(root, 'package.json'), fileURLToPath(import.meta.url)];
  return inputs.some((f) => statSync(f).mtimeMs > built);
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);

const started = Date.now();
// Built beside dist/ and swapped in at the end, so a failed build never leaves half a tree.
const tmp = join(root, `dist.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
try {
  await build({
    entryPoints: sourceFiles.filter((f) => f.endsWith('.ts')),
    outdir: tmp,
    outbase: src,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  // Files the code reads at run time (the portal's script and style sheet).
  for (const f of sourceFiles.filter((f) => !f.endsWith('.ts'))) {
    const to = join(tmp, relative(src, f));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(f, to);
  }
  writeFileSync(join(tmp, '.built'), `${new Date().toISOString()}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
} catch (e) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
console.log(`Built the server into ${relative(process.cwd(), out) || '.'} (${sourceFiles.length} files, ${Date.now() - started} ms)`);
