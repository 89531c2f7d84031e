import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const screenshots = resolve(import.meta.dirname, '../test-results/screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Content-Security-Policy violations seen on any page since the last {@link takeCspViolations}. */
const cspViolations: string[] = [];

/**
 * The CSP violations every page reported since the last call, and forgets them. A violation shows
 * twice: as the securitypolicyviolation event (in frames that run scripts) and as Chromium's console
 * error (also in the mailbox's sandboxed frame, which runs none).
 */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

/** A page that records the app's uncaught exceptions and the API's server errors (its `errors`), and CSP violations. */
export async function newPage(browser: Browser, baseURL: string, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL, viewport });
  await context.exposeBinding('__reportCspViolation', ({ frame }, text: string) => cspViolations.push(`${frame.url()}: ${text}`));
  await context.addInitScript(() => {
    const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
    document.addEventListener('securitypolicyviolation', (e) =>
      report?.(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile || 'document'}:${e.lineNumber})`),
    );
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A server fault the app shows politely is still a fault (503, "try again later", is an answer).
  page.on('response', (r) => {
    if (r.status() >= 500 && r.status() !== 503) errors.push(`HTTP ${r.status()} from ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(`${page.url()}: console: ${m.text()}`);
  });
  return { page, errors, close: () => context.close() };
}

export async function signIn(page: Page, name: string) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Voice AI Training' }).waitFor();
}

/** A full-page screenshot in test-results/screenshots. */
export async function shot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Runs axe-core on the page and fails on serious or critical violations. */
export async function expectAccessible(page: Page, label: string) {
  // Evaluated rather than added as an inline <script>, which the page's Content-Security-Policy refuses.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: axe found serious or critical violations:\n${JSON.stringify(serious, null, 2)}`).toEqual([]);
  return violations;
}
