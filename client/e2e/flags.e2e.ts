import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectAccessible, launch, newPage, shot, signIn, takeCspViolations } from './browser';

// Feature flags live: an admin switches voice AI off for a member on Settings > Feature flags, and
// that member's open practice page loses the platform voice option without a reload (the API's
// NOTIFY, the member's live stream, the refetched flags).
const baseURL = inject('baseURL');
const memberName = 'Sam Patel';
const voiceOption = 'Platform voice (beta)';

let browser: Browser;
let admin: Awaited<ReturnType<typeof newPage>>;
let member: Awaited<ReturnType<typeof newPage>>;

beforeAll(async () => {
  browser = await launch(inject('chromium'));
  admin = await newPage(browser, baseURL);
  member = await newPage(browser, baseURL);
  admin.page.setDefaultTimeout(15_000);
  member.page.setDefaultTimeout(15_000);
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    const name = task.name.replace(/[^a-z0-9]+/gi, '-');
    await shot(admin.page, `failed-flags-admin-${name}`).catch(() => undefined);
    await shot(member.page, `failed-flags-member-${name}`).catch(() => undefined);
  });
});

afterEach(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

afterAll(async () => {
  await admin?.close();
  await member?.close();
  await browser?.close();
});

/** The option, whatever control the practice page offers it as. */
function platformVoice(page: Page): Locator {
  const name = voiceOption;
  return page.getByRole('heading', { name }).or(page.getByRole('radio', { name })).or(page.getByRole('button', { name })).or(page.getByRole('option', { name }));
}

/** A call to the API as a seeded member, with a token from local mode's sign-in. */
async function asMember(email: string, path: string, init: { method: string; body?: unknown }) {
  const token = await fetch(`${baseURL}/api/dev/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
  expect(token.status).toBe(200);
  const { token: bearer } = (await token.json()) as { token: string };
  return fetch(`${baseURL}${path}`, {
    method: init.method,
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('feature flags, live', () => {
  let memberId = '';

  it('gives the member a voice AI SIM through the product’s SIM endpoint', async () => {
    const members = (await (await fetch(`${baseURL}/api/dev/members`)).json()) as { memberId: string; name: string }[];
    memberId = members.find((m) => m.name === memberName)!.memberId;
    const sim = await asMember('admin@acme.test', `/api/members/${memberId}/voice-sim`, { method: 'PUT', body: { active: true } });
    expect(sim.status, await sim.clone().text()).toBe(200);
  });

  it('shows the member the platform voice option on the practice page', async () => {
    // The signed-in app opens its live stream (within the page's Content-Security-Policy).
    const stream = member.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/flags/stream');
    await signIn(member.page, memberName);
    const opened = await stream;
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toContain('text/event-stream');
    await member.page.getByRole('link', { name: 'Scenarios' }).first().click();
    await member.page.getByRole('heading', { level: 1, name: /scenarios/i }).waitFor();
    await member.page.getByRole('link', { name: 'Loan Officer Cold Call' }).first().click();
    await member.page.getByRole('heading', { level: 1, name: 'Loan Officer Cold Call' }).waitFor();
    await platformVoice(member.page).first().waitFor();
    // Marks this document: a reload would lose it.
    await member.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  });

  it('lets the admin switch voice AI off for the member, and the member’s open page loses the option at once', async () => {
    await signIn(admin.page, 'Avery Admin');
    await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feature flags' }).click();
    await admin.page.getByRole('heading', { level: 1, name: 'Feature flags' }).waitFor();
    await admin.page.getByRole('table', { name: 'Feature flags for the organization' }).waitFor();
    await expectAccessible(admin.page, 'feature flags');

    await admin.page.getByRole('combobox', { name: 'Show values for' }).selectOption({ label: `${memberName} (trainee)` });
    const table = admin.page.getByRole('table', { name: `Feature flags for ${memberName}` });
    await table.waitFor();
    await admin.page.getByRole('textbox', { name: 'Reason (kept in the audit trail)' }).fill('Browser test');
    await table.getByRole('combobox', { name: 'Setting of voice_ai_enabled' }).selectOption('off');
    await admin.page.getByText(`voice_ai_enabled is now off for ${memberName}.`).waitFor();
    await shot(admin.page, '60-feature-flags');

    await expect.poll(() => platformVoice(member.page).count(), { timeout: 5_000 }).toBe(0);
    expect(await member.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The audit trail lists the change, by the admin, with the reason.
    const audit = admin.page.getByRole('table', { name: 'Flag changes, newest first' });
    await expect.poll(() => audit.getByRole('row').nth(1).textContent()).toContain('Browser test');
    expect(await audit.getByRole('row').nth(1).textContent()).toContain(memberName);
  });

  it('brings the option back when the setting is cleared', async () => {
    await admin.page.getByRole('table', { name: `Feature flags for ${memberName}` }).getByRole('combobox', { name: 'Setting of voice_ai_enabled' }).selectOption('inherit');
    await admin.page.getByText(`voice_ai_enabled is no longer set for ${memberName}.`).waitFor();
    await platformVoice(member.page).first().waitFor({ timeout: 5_000 });
    expect(await member.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('raised no uncaught errors and met no server errors', () => {
    expect(admin.errors).toEqual([]);
    expect(member.errors).toEqual([]);
  });
});
