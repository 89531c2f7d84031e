import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { expectAccessible, launch, newPage, shot, signIn, signOut, takeCspViolations } from './browser';
import { startReceiver, type Receiver } from './receiver';

const baseURL = inject('baseURL');
const stamp = Date.now().toString(36);
const scenarioTitle = `Mortgage renewal call ${stamp}`;
const trackTitle = `Renewals track ${stamp}`;
const question = ['Was my opening too long?', 'I felt rushed when she asked about fees.'];
const answer = 'A little: one sentence on why you called is enough. Then ask about her plans before the fees.';

let browser: Browser;
let page: Page;
let pageErrors: string[];
let closePage: () => Promise<void>;
let attemptUrl = '';

beforeAll(async () => {
  browser = await launch(inject('chromium'));
  ({ page, errors: pageErrors, close: closePage } = await newPage(browser, baseURL));
  page.setDefaultTimeout(15_000);
});

// A failing step leaves a screenshot of what the browser showed.
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    await shot(page, `failed-${task.name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
  });
});

// Every screen a test visited, on any page it opened, kept within the API's Content-Security-Policy.
afterEach(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

afterAll(async () => {
  await closePage?.();
  await browser?.close();
});

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('web app served by the API', () => {
  it('serves the app for client routes and keeps API paths the API’s', async () => {
    const deep = await fetch(`${baseURL}/manage/scenarios`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${baseURL}/api/no-such-thing`);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${baseURL}/api/config`)).headers.get('content-type')).toContain('application/json');
    expect(await (await fetch(`${baseURL}/healthz`)).text()).toBe('Healthy');
  });

  it('enforces its Content-Security-Policy, and the check sees a violation', async () => {
    const probe = await newPage(browser, baseURL);
    try {
      await probe.page.goto('/sign-in');
      await probe.page.getByRole('heading', { name: 'Voice AI Training' }).waitFor();
      // An inline script, as an injection would add one: the policy refuses it and the check reports it.
      await probe.page.addScriptTag({ content: 'window.injected = true;' }).catch(() => undefined);
      expect(await probe.page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
      await expect.poll(() => takeCspViolations().join('\n'), { timeout: 5_000 }).toContain('script-src');
      takeCspViolations();
    } finally {
      await probe.close();
    }
  });

  it('serves Swagger UI within its own policy', async () => {
    const swagger = await newPage(browser, baseURL);
    try {
      await swagger.page.goto('/swagger/index.html');
      // The operations appear once swagger-ui (scripts, styles, icons) loaded and fetched the document.
      await swagger.page.locator('.opblock').first().waitFor();
      expect(swagger.errors).toEqual([]);
    } finally {
      await swagger.close();
    }
  });

  it('shows the local sign-in page listing the seeded members', async () => {
    await page.goto('/');
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('/sign-in');
    await page.getByRole('button', { name: /Morgan Manager/ }).waitFor();
    expect(await page.getByRole('button', { name: /Jamie Rivera/ }).count()).toBe(1);
    await expectAccessible(page, 'sign-in');
    await shot(page, '01-sign-in');
  });
});

describe('manager', () => {
  it('signs in and lands on the scenarios', async () => {
    await signIn(page, 'Morgan Manager');
    await heading('Scenarios').waitFor();
    await page.getByRole('link', { name: 'Loan Officer Cold Call' }).waitFor();
    await expectAccessible(page, 'manager scenarios');
    await shot(page, '10-manager-scenarios');
  });

  it('sees the API validation errors next to the fields', async () => {
    await page.getByRole('link', { name: 'New scenario' }).click();
    await heading('New scenario').waitFor();
    // Let the personas load first: they push the buttons down, and a click during that shift is lost.
    await page.getByRole('radio', { name: /Sarah, first-time home buyer/ }).waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following' });
    await summary.waitFor();
    const title = page.getByRole('textbox', { name: 'Title' });
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#field-title-error').textContent()).toContain('must not be empty');
    expect(await page.locator('#field-personaId-error').textContent()).toBeTruthy();
    await expectAccessible(page, 'scenario editor with errors');
    await shot(page, '11-scenario-editor-errors');
  });

  it('creates and publishes a scenario with a persona and a rubric', async () => {
    await page.getByRole('textbox', { name: 'Title' }).fill(scenarioTitle);
    await page.getByRole('textbox', { name: 'Description' }).fill('Call a customer whose fixed rate ends next month.');
    await page.getByRole('radio', { name: /Sarah, first-time home buyer/ }).check();
    await page.getByRole('textbox', { name: 'AI prompt' }).fill('You are Sarah. Your fixed rate ends next month and you are shopping around. Be polite but cautious about fees.');
    await page.getByRole('spinbutton', { name: 'Passing score' }).fill('60');
    await page.getByRole('button', { name: 'Add criterion' }).click();
    const second = page.getByRole('group', { name: /^2\./ });
    await second.getByRole('textbox', { name: 'Name' }).fill('Proposes a next step');
    await second.getByRole('spinbutton', { name: 'Weight' }).fill('2');
    await second.getByRole('combobox', { name: 'Kind' }).selectOption('required_phrases');
    await second.getByRole('textbox', { name: 'Phrases' }).fill('next step\nThursday');
    await shot(page, '12-scenario-editor');
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published. Trainees can now practise it.' }).waitFor();
    await heading(scenarioTitle).waitFor();
    expect(page.url()).toMatch(/\/manage\/scenarios\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'published scenario');
  });

  it('assigns it to a trainee with a due date', async () => {
    await page.getByRole('link', { name: 'Assign', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New assignment' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Scenario' }).inputValue(), { timeout: 15_000 }).not.toBe('');
    expect(await dialog.getByRole('combobox', { name: 'Scenario' }).locator('option:checked').textContent()).toBe(scenarioTitle);
    await dialog.getByRole('combobox', { name: 'Member' }).selectOption({ label: 'Jamie Rivera (trainee)' });
    const due = new Date(Date.now() + 3 * 86_400_000);
    await dialog.getByLabel('Due date').fill(`${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`);
    await expectAccessible(page, 'assign dialog');
    await shot(page, '13-assign-dialog');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('status').filter({ hasText: `Assigned "${scenarioTitle}" to Jamie Rivera.` }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Jamie Rivera' }).filter({ hasText: scenarioTitle }).waitFor();
    await page.getByLabel('Status').selectOption('overdue');
    await page.getByRole('cell', { name: 'Alex Chen' }).first().waitFor();
    await expect.poll(() => page.locator('tbody tr').filter({ hasNotText: 'Overdue' }).count(), { timeout: 15_000 }).toBe(0);
    await page.getByLabel('Status').selectOption('');
    await expectAccessible(page, 'manager assignments');
    await shot(page, '14-manager-assignments');
  });

  it('builds a track and reorders it', async () => {
    await page.getByRole('link', { name: 'Tracks' }).click();
    await heading('Tracks').waitFor();
    await page.getByRole('link', { name: 'New hire onboarding' }).waitFor();
    await shot(page, '15-manager-tracks');
    await page.getByRole('link', { name: 'New track' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill(trackTitle);
    for (const title of ['Loan Officer Cold Call', scenarioTitle]) {
      await page.getByLabel('Add a scenario').selectOption({ label: title });
      await page.getByRole('button', { name: 'Add', exact: true }).click();
    }
    await page.getByRole('button', { name: new RegExp(`^Move up\\W+${scenarioTitle}$`) }).click();
    // The moved scenario is first now: its "up" is disabled, so focus went to its "down".
    expect(await page.getByRole('button', { name: new RegExp(`^Move down\\W+${scenarioTitle}$`) }).evaluate((b) => b === document.activeElement)).toBe(true);
    expect((await page.locator('.step-title').allTextContents()).map((t) => t.trim())).toEqual([scenarioTitle, 'Loan Officer Cold Call']);
    await page.getByRole('button', { name: 'Create track' }).click();
    await page.getByRole('status').filter({ hasText: 'Track created.' }).waitFor();
    await expectAccessible(page, 'track editor');
    await shot(page, '16-track-editor');
  });
});

describe('trainee', () => {
  it('sees the new assignment with its due date', async () => {
    await signOut(page);
    await signIn(page, 'Jamie Rivera');
    await heading('My assignments').waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: scenarioTitle }) });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Due in 3 days|Due in 2 days/);
    await expectAccessible(page, 'my assignments');
    await shot(page, '20-trainee-assignments');
    await card.getByRole('link', { name: /Practise/ }).click();
  });

  it('simulates a practice call and sees the score, KPIs and transcript', async () => {
    await heading(scenarioTitle).waitFor();
    await page.getByText('Pass mark: 60/100').waitFor();
    await expectAccessible(page, 'practice');
    await shot(page, '21-practice');
    await page.getByRole('button', { name: 'Simulate call' }).click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    attemptUrl = new URL(page.url()).pathname;
    await heading(scenarioTitle).waitFor();

    const score = page.getByRole('region', { name: 'Score' });
    await score.getByLabel(/Score \d+ out of 100/).waitFor();
    const criteria = score.getByRole('table', { name: 'Score by criterion' });
    expect(await criteria.getByRole('rowheader').allTextContents()).toEqual([expect.stringContaining('Balanced talk time'), expect.stringContaining('Proposes a next step')]);

    const kpis = page.getByRole('region', { name: 'Conversation KPIs' });
    const talk = kpis.getByRole('article', { name: 'Talk ratio' });
    expect(await talk.textContent()).toContain('Benchmark: 40–50% (target 43:57)');
    expect(await talk.textContent()).toMatch(/\d+:\d+/);
    expect(await kpis.getByRole('article').count()).toBeGreaterThanOrEqual(5);

    const transcript = page.getByRole('region', { name: 'Transcript' });
    const turns = transcript.getByRole('listitem');
    expect(await turns.count()).toBeGreaterThan(4);
    expect(await turns.first().textContent()).toMatch(/AI buyer\s*Play from \d+:\d\d|AI buyer.*\d+:\d\d/);
    expect(await transcript.getByText('You', { exact: true }).count()).toBeGreaterThan(0);

    // The recording plays and seeks (fetched with the bearer token, played from a blob).
    const audio = page.getByRole('region', { name: 'Recording' }).locator('audio');
    await audio.waitFor({ timeout: 30_000 });
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const seeked = await audio.evaluate(
      (a: HTMLAudioElement) =>
        new Promise<number>((resolve) => {
          a.addEventListener('seeked', () => resolve(a.currentTime), { once: true });
          a.currentTime = Math.min(2, a.duration / 2);
        }),
    );
    expect(seeked).toBeGreaterThan(0);
    await transcript.getByRole('button', { name: /Play from/ }).nth(2).click();
    await expectAccessible(page, 'attempt results');
    await shot(page, '22-attempt-results');
  });

  it('asks a question about the call in the feedback thread', async () => {
    const thread = page.getByRole('region', { name: 'Feedback thread' });
    await thread.getByText('Ask your manager a question about this call').waitFor();
    await shot(page, '22a-attempt-thread-empty');
    const box = thread.getByRole('textbox', { name: 'Your message' });
    await box.fill(question.join('\n'));
    await thread.getByRole('button', { name: 'Send' }).click();
    await thread.getByRole('status').filter({ hasText: 'Sent. Your message is in the thread.' }).waitFor();
    const message = thread.getByRole('listitem').filter({ hasText: question[0]! });
    await message.waitFor();
    expect(await message.textContent()).toContain('Jamie Rivera');
    expect(await message.locator('.comment-body').innerText()).toBe(question.join('\n'));
    expect(await box.inputValue()).toBe('');
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    // It is stored: a reload shows it too.
    await page.reload();
    await page.getByRole('region', { name: 'Feedback thread' }).getByRole('listitem').filter({ hasText: question[0]! }).waitFor();
    await expectAccessible(page, 'attempt feedback thread');
    await shot(page, '22b-attempt-thread');
  });

  it('finds the attempt in its history and the assignment completed', async () => {
    await page.getByRole('link', { name: 'My attempts' }).click();
    await heading('My attempts').waitFor();
    await page.getByRole('cell', { name: scenarioTitle }).first().waitFor();
    await shot(page, '23-my-attempts');
    await page.getByRole('link', { name: 'My assignments' }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: scenarioTitle }) });
    await card.getByText('Completed', { exact: true }).waitFor();
  });

  it('sees score and KPI trends as charts', async () => {
    await page.getByRole('link', { name: 'My progress' }).click();
    await heading('My progress').waitFor();
    await page.getByRole('img', { name: /Score trend/ }).locator('svg.recharts-surface').waitFor();
    await page.getByRole('img', { name: /Score trend/ }).locator('.recharts-line-dot, .recharts-dot').first().waitFor();
    expect(await page.getByRole('img', { name: /trend/ }).count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(page, 'progress');
    await shot(page, '24-progress');
  });

  it('sees the practice list and the leaderboard', async () => {
    await page.getByRole('link', { name: 'Scenarios' }).click();
    await heading('Scenarios').waitFor();
    await page.getByRole('heading', { name: scenarioTitle }).waitFor();
    await expectAccessible(page, 'practice list');
    await shot(page, '25-practice-list');
    await page.getByRole('link', { name: 'Leaderboard' }).click();
    await page.getByRole('rowheader', { name: /Jamie Rivera/ }).waitFor();
    await expectAccessible(page, 'leaderboard');
    await shot(page, '26-leaderboard');
  });

  it('cannot reach manager or admin pages', async () => {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByText('Manage').count()).toBe(0);
    for (const path of ['/manage/scenarios', '/manage/assignments', '/admin/members']) {
      await page.goto(path);
      await heading('No access').waitFor();
    }
    await shot(page, '27-trainee-no-access');
  });

  it('works at phone width', async () => {
    const phone = await newPage(browser, baseURL, { width: 390, height: 844 });
    try {
      const p = phone.page;
      await signIn(p, 'Jamie Rivera');
      await p.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
      const menu = p.getByRole('button', { name: 'Menu' });
      expect(await p.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await shot(p, '28-phone-menu');
      await p.getByRole('link', { name: 'My attempts' }).click();
      await p.getByRole('heading', { level: 1, name: 'My attempts' }).waitFor();
      expect(await p.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      await p.goto(attemptUrl);
      await p.getByRole('region', { name: 'Conversation KPIs' }).waitFor();
      await p.getByRole('region', { name: 'Feedback thread' }).getByRole('listitem').filter({ hasText: question[0]! }).waitFor();
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expectAccessible(p, 'phone attempt');
      await shot(p, '29-phone-attempt');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

describe('manager and admin results', () => {
  it('drills from team results into the trainee’s attempt', async () => {
    await page.goto('/');
    await signOut(page);
    await signIn(page, 'Morgan Manager');
    await page.getByRole('link', { name: 'Team results' }).click();
    await heading('Team results').waitFor();
    await page.getByLabel('Member').selectOption({ label: 'Jamie Rivera' });
    await page.getByRole('region', { name: /Jamie Rivera summary/ }).waitFor();
    await shot(page, '30-team-results');
    await expectAccessible(page, 'team results');
    await page.getByRole('row').filter({ hasText: scenarioTitle }).getByRole('link').first().click();
    await page.getByText(/Jamie Rivera ·/).waitFor();
    await page.getByRole('region', { name: 'Conversation KPIs' }).waitFor();
  });

  it('reads the trainee’s question in the feedback thread and answers it', async () => {
    const thread = page.getByRole('region', { name: 'Feedback thread' });
    const asked = thread.getByRole('listitem').filter({ hasText: question[0]! });
    await asked.waitFor();
    expect(await asked.textContent()).toContain('Jamie Rivera');
    expect(await asked.locator('.comment-body').innerText()).toBe(question.join('\n'));
    await thread.getByRole('textbox', { name: 'Your message' }).fill(answer);
    await thread.getByRole('button', { name: 'Send' }).click();
    await thread.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
    const answered = thread.getByRole('listitem').filter({ hasText: answer });
    await answered.waitFor();
    expect(await answered.textContent()).toContain('Morgan Manager');
    expect(await thread.getByRole('listitem').count()).toBe(2);
    await expectAccessible(page, 'manager feedback thread');
    await shot(page, '30a-manager-thread');
  });

  it('shows the thread at phone width', async () => {
    const phone = await newPage(browser, baseURL, { width: 390, height: 844 });
    try {
      const p = phone.page;
      await signIn(p, 'Morgan Manager');
      await p.goto(attemptUrl);
      const thread = p.getByRole('region', { name: 'Feedback thread' });
      await thread.getByRole('listitem').filter({ hasText: answer }).waitFor();
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expectAccessible(p, 'phone feedback thread');
      await shot(p, '30b-phone-thread');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('lets an admin manage members', async () => {
    await signOut(page);
    await signIn(page, 'Avery Admin');
    await page.getByRole('link', { name: 'Members' }).click();
    await heading('Members').waitFor();
    await page.getByRole('rowheader', { name: /Sam Patel/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const label of ['Webhooks', 'API keys', 'Billing']) expect(await nav.getByRole('link', { name: label }).count()).toBe(1);
    expect(await nav.getByText('Mailbox').count()).toBe(1);
    await expectAccessible(page, 'members');
    await shot(page, '31-admin-members');
  });

  it('reads the emails the platform sent in local mode’s mailbox', async () => {
    await page.getByRole('link', { name: 'Mailbox' }).click();
    await heading('Mailbox').waitFor();
    // The manager's assignment to Jamie earlier in this run sent an assignment email.
    const row = page.getByRole('row').filter({ hasText: 'jamie@acme.test' }).filter({ hasText: 'assignment' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button').click();
    const frame = page.frameLocator('iframe[title^="Email:"]');
    await frame.getByText('Start Training').first().waitFor();
    await page.getByRole('button', { name: 'Plain text' }).click();
    await page.locator('pre.mail-text').waitFor();
    await expectAccessible(page, 'mailbox');
    await shot(page, '31a-admin-mailbox');
  });

  it('changes its own email settings', async () => {
    await page.getByRole('link', { name: 'Email settings' }).click();
    await heading('Email settings').waitFor();
    await page.getByLabel('Team digest').selectOption('daily');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await heading('Email settings').waitFor();
    expect(await page.getByLabel('Team digest').inputValue()).toBe('daily');
    await expectAccessible(page, 'email settings');
    await shot(page, '31b-email-settings');
  });
});

/** The delivery log's row of the test delivery (not the opened details below it, whose body names the event too). */
const testRow = (log: Locator) => log.locator('tbody tr:not(.delivery-detail-row)').filter({ has: log.page().locator('code', { hasText: /^webhook\.test$/ }) }).first();

describe('admin settings', () => {
  let receiver: Receiver;
  let secret = '';
  let endpointUrl = '';

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('shows no webhook endpoints at first and the API’s reason for refusing a URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await heading('Webhooks').waitFor();
    await page.getByText('No webhook endpoints yet').waitFor();
    await expectAccessible(page, 'webhooks empty');
    await shot(page, '32-webhooks-empty');

    await page.getByRole('link', { name: 'Add endpoint' }).click();
    await heading('Add webhook endpoint').waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Local receiver');
    await page.getByRole('textbox', { name: 'URL' }).fill('ftp://127.0.0.1/hooks');
    const events = page.getByRole('group', { name: 'Events' });
    await events.getByRole('checkbox', { name: /scenario\.completed/ }).check();
    await events.getByRole('checkbox', { name: /user\.added/ }).check();
    expect(await events.getByText('webhook.test').count()).toBe(0);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const urlError = page.locator('#field-url-error');
    await urlError.waitFor();
    expect(await urlError.textContent()).toContain('URL must use http or https');
    expect(await page.getByRole('textbox', { name: 'URL' }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'webhook form with errors');
    await shot(page, '33-webhook-url-error');
  });

  it('adds an endpoint on a local receiver, sends a test and finds it in the delivery log', async () => {
    await page.getByRole('textbox', { name: 'URL' }).fill(`${receiver.url}/hooks`);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await heading('Local receiver').waitFor();
    endpointUrl = new URL(page.url()).pathname;
    expect(endpointUrl).toMatch(/^\/admin\/webhooks\/[0-9a-f-]{36}$/);
    await page.getByRole('status').filter({ hasText: 'Endpoint added.' }).waitFor();
    const secretPanel = page.getByRole('region', { name: 'Signing secret' });
    await secretPanel.locator('code.secret').waitFor();
    secret = (await secretPanel.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);

    await page.getByRole('button', { name: 'Send test' }).click();
    const result = page.locator('.test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('The endpoint accepted the test.');
    expect(await result.locator('dd').first().textContent()).toBe('200');
    expect(await result.textContent()).toMatch(/\d+ ms/);
    expect(await result.textContent()).toContain('{"received":true}');

    // The receiver got it, signed both ways with the endpoint's secret.
    const hit = receiver.requests.find((r) => r.url === '/hooks' && JSON.parse(r.body).event === 'webhook.test');
    expect(hit).toBeDefined();
    expect(hit!.headers['x-webhook-signature']).toBe(`sha256=${createHmac('sha256', secret).update(hit!.body).digest('hex')}`);
    expect(hit!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    const id = hit!.headers['webhook-id'] as string;
    const ts = hit!.headers['webhook-timestamp'] as string;
    const standard = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${ts}.${hit!.body}`).digest('base64');
    expect(hit!.headers['webhook-signature']).toBe(`v1,${standard}`);

    const log = page.getByRole('region', { name: 'Delivery log' });
    const row = testRow(log);
    await row.getByText('Succeeded').waitFor();
    expect(await row.textContent()).toContain('HTTP 200');
    await row.getByRole('button', { name: /^Details/ }).click();
    const attempt = log.locator('.attempts li').first();
    await attempt.waitFor();
    expect(await attempt.textContent()).toMatch(/Attempt 1.*Succeeded.*Status code\s*200.*Duration\s*\d+ ms/);
    expect(await attempt.textContent()).toContain('{"received":true}');
    await log.getByLabel('Status').selectOption('failed');
    await log.getByText('No failed deliveries').waitFor();
    await log.getByLabel('Status').selectOption('');
    await testRow(log).waitFor();
    await expectAccessible(page, 'webhook endpoint');
    await shot(page, '34-webhook-endpoint');
  });

  it('replays a delivery and rotates the secret after explaining the overlap', async () => {
    const before = receiver.requests.length;
    const log = page.getByRole('region', { name: 'Delivery log' });
    await testRow(log).getByRole('button', { name: /^Replay/ }).click();
    await log.getByRole('status').filter({ hasText: 'is queued again' }).waitFor();
    await expect.poll(() => receiver.requests.length, { timeout: 30_000 }).toBeGreaterThan(before);
    await log.getByRole('button', { name: 'Replay failed' }).click();
    await log.getByRole('status').filter({ hasText: 'No failed deliveries since then.' }).waitFor();

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('For the next 24 hours every delivery is signed with both the new and the previous secret');
    await expectAccessible(page, 'rotate secret dialog');
    await shot(page, '35-rotate-secret-dialog');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('status').filter({ hasText: 'New secret made.' }).waitFor();
    const panel = page.getByRole('region', { name: 'Signing secret' });
    await panel.getByText('Previous secret', { exact: true }).waitFor();
    const codes = await panel.locator('code.secret').allTextContents();
    expect(codes).toHaveLength(2);
    expect(codes[0]).not.toBe(secret);
    expect(codes[1]).toBe(secret);
  });

  it('lists the endpoint, and the endpoint page works at phone width', async () => {
    await page.getByRole('link', { name: 'All endpoints' }).click();
    await heading('Webhooks').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Local receiver' });
    await row.getByText('Enabled').waitFor();
    expect(await row.textContent()).toContain(receiver.url);
    await expectAccessible(page, 'webhooks list');
    await shot(page, '36-webhooks');

    const phone = await newPage(browser, baseURL, { width: 390, height: 844 });
    try {
      const p = phone.page;
      await signIn(p, 'Avery Admin');
      await p.goto(endpointUrl);
      await p.getByRole('heading', { level: 1, name: 'Local receiver' }).waitFor();
      await testRow(p.getByRole('region', { name: 'Delivery log' })).waitFor();
      await shot(p, '37-phone-webhook-endpoint');
      expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await expectAccessible(p, 'phone webhook endpoint');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await heading('API keys').waitFor();
    await page.getByText('No active API keys').waitFor();
    await shot(page, '38-api-keys-empty');
    await page.getByRole('button', { name: 'New API key' }).click();
    let dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Zapier');
    await dialog.getByRole('radio', { name: 'Read and write' }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    dialog = page.getByRole('dialog', { name: 'Copy your new API key' });
    await dialog.waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('This is the only time you will see this key.');
    const key = await dialog.getByRole('textbox', { name: /Zapier/ }).inputValue();
    expect(key).toMatch(/^vtk_/);
    expect(await dialog.getByRole('textbox', { name: /Zapier/ }).evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'API key shown once');
    await shot(page, '39-api-key-once');
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('status').filter({ hasText: 'API key “Zapier” created.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Zapier' });
    expect(await row.textContent()).toContain(key.slice(0, 12));
    expect(await row.textContent()).toContain('Never');
    expect(await page.content()).not.toContain(key);

    // The key works until it is revoked.
    const withKey = () => fetch(`${baseURL}/api/webhooks`, { headers: { 'X-Api-Key': key } });
    expect((await withKey()).status).toBe(200);
    await expectAccessible(page, 'API keys');
    await shot(page, '40-api-keys');
    await row.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Zapier”?' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('status').filter({ hasText: 'API key “Zapier” was revoked.' }).waitFor();
    await page.getByText('No active API keys').waitFor();
    expect((await withKey()).status).toBe(401);
  });

  it('shows billing in local mode with the plan, usage and plans', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click();
    await heading('Billing').waitFor();
    await page.getByText('Billing is in local mode: Stripe is not configured.').waitFor();
    expect(await page.getByRole('button', { name: 'Manage in Stripe portal' }).isDisabled()).toBe(true);
    expect(await page.getByRole('progressbar').count()).toBe(3);
    expect(await page.getByRole('progressbar', { name: 'Seats' }).getAttribute('aria-valuetext')).toMatch(/^\d+ of 50 used/);
    const professional = page.getByRole('listitem', { name: 'Professional' });
    await professional.getByText('Current plan').waitFor();
    const starter = page.getByRole('listitem', { name: 'Starter' });
    expect(await starter.getByRole('button', { name: 'Choose Starter' }).isDisabled()).toBe(true);
    await page.getByText('No invoices yet').waitFor();
    await expectAccessible(page, 'billing');
    await shot(page, '41-billing');

    // Stripe sends people back to /billing.
    await page.goto('/billing?canceled=true');
    await heading('Billing').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/billing');
    await page.getByText('Checkout was canceled; nothing was charged.').waitFor();

    const phone = await newPage(browser, baseURL, { width: 390, height: 844 });
    try {
      const p = phone.page;
      await signIn(p, 'Avery Admin');
      await p.goto('/admin/billing');
      await p.getByRole('heading', { level: 2, name: 'Plans' }).waitFor();
      await p.getByRole('listitem', { name: 'Enterprise' }).waitFor();
      await shot(p, '42-phone-billing');
      expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await expectAccessible(p, 'phone billing');
      await p.goto('/admin/api-keys');
      await p.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
      await p.getByRole('row').filter({ hasText: 'Zapier' }).or(p.getByText('No active API keys')).first().waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await shot(p, '43-phone-api-keys');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

describe('the whole run', () => {
  it('raised no uncaught errors in the app and met no server errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
