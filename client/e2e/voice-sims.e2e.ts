import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newPage, shot, signIn, takeCspViolations } from './browser';

const baseURL = inject('baseURL');

let browser: Browser;
let page: Page;
let pageErrors: string[];
let closePage: () => Promise<void>;

beforeAll(async () => {
  browser = await launch(inject('chromium'));
  ({ page, errors: pageErrors, close: closePage } = await newPage(browser, baseURL));
  page.setDefaultTimeout(15_000);
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    await shot(page, `failed-${task.name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
  });
});

afterEach(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

afterAll(async () => {
  await closePage?.();
  await browser?.close();
});

/** The Billing screen's SIM counts, as the page says them. */
async function counts(): Promise<string> {
  return (await page.getByLabel('SIM counts').textContent()) ?? '';
}

describe('voice AI SIMs', () => {
  it('an admin buys a SIM from the local stand-in and assigns it to a member', async () => {
    await signIn(page, 'Avery Admin');
    await page.goto('/admin/billing');
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    const section = page.getByRole('region', { name: 'Voice AI SIMs' });
    await section.getByLabel('SIM counts').waitFor();
    await page.getByText(/Voice AI SIMs are sold by a local stand-in that charges nothing/).waitFor();
    const before = Number(/Purchased\s*(\d+)/.exec(await counts())?.[1]);

    // Local mode sells SIMs for real, against the local payment provider: a line on the demo's local subscription.
    const single = page.getByRole('listitem', { name: 'Voice AI, single SIM' });
    await single.getByRole('button', { name: /Buy/ }).click();
    await page.getByRole('status').filter({ hasText: `now has ${before + 1} voice AI SIM` }).waitFor();
    await expect.poll(counts).toMatch(new RegExp(`Purchased\\s*${before + 1}`));

    // Assigned with the keyboard: the row then holds a SIM and voice AI is on for them.
    const assign = section.getByRole('button', { name: 'Assign SIM to Sam Patel' });
    await assign.focus();
    await page.keyboard.press('Enter');
    await section.getByRole('status').filter({ hasText: 'Sam Patel has a voice AI SIM now.' }).waitFor();
    const row = section.getByRole('row', { name: /Sam Patel/ });
    await row.getByRole('button', { name: 'Unassign SIM from Sam Patel' }).waitFor();
    await row.getByText(/^Assigned /).waitFor();
    await row.getByText('On', { exact: true }).waitFor();
    await expectAccessible(page, 'billing with voice AI SIMs');
    await shot(page, '44-billing-voice-sims');

    // It is the server's state, not the page's: a reload shows the same.
    await page.reload();
    await section.getByRole('row', { name: /Sam Patel/ }).getByRole('button', { name: 'Unassign SIM from Sam Patel' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
