// Generates the API types from ../openapi.yaml. With --write it updates src/api/schema.d.ts;
// without, it generates into a temporary file and fails when the checked-in types differ,
// i.e. when openapi.yaml changed and `npm run gen:api` was not run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi.yaml');
const target = resolve(root, 'src/api/schema.d.ts');
const cli = resolve(root, 'node_modules/openapi-typescript/bin/cli.js');

function generate(out) {
  execFileSync(process.execPath, [cli, spec, '--output', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

if (process.argv.includes('--write')) {
  generate(target);
  console.log(`wrote ${relative(root, target)} from ${relative(root, spec)}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'api-types-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  generate(fresh);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error(`check:api: ${relative(root, target)} is out of date with ${relative(root, spec)}.`);
    console.error('Run `npm run gen:api` in client/ and commit the result.');
    process.exit(1);
  }
  console.log(`check:api: ${relative(root, target)} matches ${relative(root, spec)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
