// Prints the gzipped size of the JavaScript a first visit loads (the entry chunk and everything it
// imports statically) and fails the build when it passes the budget. Lazy route chunks are listed
// separately: they load only when their screen is opened.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 250 * 1000; // bytes, gzipped
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error('no entry chunk in the Vite manifest');

const initial = new Set();
(function walk(key) {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) walk(dep);
})(entryKey);

const initialFiles = [...initial].filter((f) => f.endsWith('.js'));
const initialGz = initialFiles.reduce((sum, f) => sum + gz(f), 0);
const css = [...new Set(Object.values(manifest).flatMap((c) => c.css ?? []))];
const lazy = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js') && !initial.has(f));

console.log('\nInitial JavaScript (gzipped):');
for (const f of initialFiles) console.log(`  ${f.padEnd(48)} ${kb(gz(f))}`);
console.log(`  ${'total'.padEnd(48)} ${kb(initialGz)}  (budget ${kb(BUDGET)})`);
if (css.length) console.log(`CSS (gzipped): ${kb(css.reduce((s, f) => s + gz(f), 0))}`);
const lazySizes = lazy.map((f) => [f, gz(f)]).sort((a, b) => b[1] - a[1]);
console.log(`Lazy chunks: ${lazy.length}, ${kb(lazySizes.reduce((s, [, n]) => s + n, 0))} gzipped in all; largest:`);
for (const [f, n] of lazySizes.slice(0, 5)) console.log(`  ${f.padEnd(48)} ${kb(n)}`);

if (initialGz > BUDGET) {
  console.error(`\nInitial JavaScript is ${kb(initialGz)} gzipped, over the ${kb(BUDGET)} budget.`);
  process.exit(1);
}
