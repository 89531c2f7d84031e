import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEFAULT = '/usr/bin/chromium';

/**
 * The browser the tests drive: CHROMIUM_PATH, else Debian's Chromium, installed with apt when it is
 * missing and we are root (Playwright's own browser download is not used).
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || DEFAULT;
  if (existsSync(path)) return path;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${path} does not exist.`);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is needed for the browser tests and ${DEFAULT} is missing. Install it with ` +
        '`sudo apt-get update && sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium binary).',
    );
  }
  console.log('[e2e] installing Chromium with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install Chromium by hand (apt-get install chromium).`);
  }
  if (!existsSync(DEFAULT)) throw new Error(`apt-get installed chromium but ${DEFAULT} is still missing.`);
  return DEFAULT;
}
