import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    chromium: string;
  }
}

const client = resolve(import.meta.dirname, '..');
const repo = resolve(client, '..');
const results = join(client, 'test-results');
const pg = join(repo, 'scripts/pg.sh');
const E2E_DB = 'voicetraining_e2e';

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(command, args, { cwd: options.cwd ?? repo, env: options.env ?? process.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

function step(message: string) {
  console.log(`[e2e] ${message}`);
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? res(address.port) : rej(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, api: ChildProcess, timeoutMs: number) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (api.exitCode !== null) throw new Error(`The API exited (code ${api.exitCode}) before it was healthy; see test-results/api.log`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The API did not answer /healthz within ${timeoutMs / 1000} s; see test-results/api.log`);
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  mkdirSync(results, { recursive: true });
  const chromium = chromiumPath();

  if (!existsSync(join(client, 'dist/index.html'))) {
    step('building the web app (dist/ is missing)');
    run('npm', ['run', 'build', '--silent'], { cwd: client });
  }

  // A fresh database for every run (the tests expect an empty organization's screens): beside the
  // one DATABASE_URL names when it is given, otherwise on the project's private cluster.
  let databaseUrl = process.env.DATABASE_URL;
  let stopCluster = false;
  const recreate = ['-q', '-v', 'ON_ERROR_STOP=1', '-c', `DROP DATABASE IF EXISTS "${E2E_DB}" WITH (FORCE)`, '-c', `CREATE DATABASE "${E2E_DB}"`];
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('The browser tests need DATABASE_URL as a postgresql:// URL (or unset, for the local cluster)');
    run('psql', [databaseUrl, ...recreate]);
    const url = new URL(databaseUrl);
    url.pathname = `/${E2E_DB}`;
    databaseUrl = url.toString();
  } else {
    const running = spawnSync('bash', [pg, 'status'], { cwd: repo }).status === 0;
    if (!running) {
      step('starting the local PostgreSQL cluster');
      run('bash', [pg, 'start'], { env: { ...process.env, PG_LOCAL_FAST: '1' } });
      stopCluster = true;
    }
    run('bash', [pg, 'psql', ...recreate]);
    databaseUrl = run('bash', [pg, 'url', E2E_DB]);
  }

  if (process.env.E2E_SKIP_API_BUILD !== '1') {
    step('building the API (Release)');
    run('dotnet', ['build', 'src/Api', '-c', 'Release', '--nologo', '-v', 'quiet']);
  }
  const dll = join(repo, 'src/Api/bin/Release/net10.0/VoiceTraining.Api.dll');
  if (!existsSync(dll)) throw new Error(`API not built: ${dll} is missing`);

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const storage = mkdtempSync(join(tmpdir(), 'vt-e2e-storage-'));
  const log = openSync(join(results, 'api.log'), 'w');
  step(`starting the API on ${baseURL} (log: test-results/api.log)`);
  // Local mode for sign-in and voice, whatever the developer's shell holds.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(CLERK_|VAPI_|NEXT_PUBLIC_|VITE_|STRIPE_)/.test(key)) delete env[key];
  const api = spawn('dotnet', [dll], {
    cwd: join(repo, 'src/Api'),
    env: {
      ...env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      ASPNETCORE_URLS: baseURL,
      DATABASE_URL: databaseUrl,
      Spa__Root: join(client, 'dist'),
      STORAGE_ROOT: storage,
    },
    stdio: ['ignore', log, log],
  });
  await waitForHealth(baseURL, api, 120_000);
  step(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  project.provide('baseURL', baseURL);
  project.provide('chromium', chromium);

  return async () => {
    api.kill('SIGTERM');
    await new Promise<void>((res) => {
      if (api.exitCode !== null) return res();
      const timer = setTimeout(() => {
        api.kill('SIGKILL');
        res();
      }, 10_000);
      api.once('exit', () => {
        clearTimeout(timer);
        res();
      });
    });
    rmSync(storage, { recursive: true, force: true });
    if (stopCluster) {
      step('stopping the local PostgreSQL cluster');
      spawnSync('bash', [pg, 'stop'], { cwd: repo, stdio: 'inherit' });
    }
  };
}
