import { flagQueries } from '../flags';
import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { LiveEventsProvider } from '../../lib/live';
import { LiveEvents } from '../../lib/liveEvents';
import { PlatformVoiceOption } from './PlatformVoice';

const flags = (enabled: boolean) => ({
  flags: [
    { key: 'voice_ai_enabled', description: 'Platform voice', enabled, switchOn: true, decidedBy: 'default', entitled: enabled },
    { key: 'webhooks', description: 'Webhooks', enabled: true, switchOn: true, decidedBy: 'default', entitled: true },
  ],
});

const startedAt = new Date(Date.now() - 30_000).toISOString();

const started = {
  sessionId: 'vs1',
  attemptId: 'a1',
  sessionToken: 'vst_token',
  tokenExpiresAt: new Date(Date.now() + 35 * 60_000).toISOString(),
  expectedDurationMinutes: 12,
  costEstimate: 1.2,
  pricePerMinute: 0.1,
  circuitBreakerThreshold: 5,
  maxSessionMinutes: 30,
  maxDurationSeconds: 1800,
  iceServers: [],
  localMode: true,
  note: 'Local mode: no TURN server is configured.',
  providers: { speechToText: 'openai-whisper', textToSpeech: 'elevenlabs', llm: 'openai' },
};

const session = (over: Record<string, unknown> = {}) => ({
  id: 'vs1',
  memberId: 'm1',
  memberName: 'Jamie',
  scenarioId: 's1',
  scenarioTitle: 'Cold call',
  attemptId: 'a1',
  provider: 'platform',
  status: 'active',
  startedAt,
  endedAt: null,
  expectedDurationMinutes: 12,
  pricePerMinute: 0.1,
  costEstimate: 1.2,
  runningCost: 0,
  circuitBreakerThreshold: 5,
  maxSessionMinutes: 30,
  endReason: null,
  providers: started.providers,
  providerSwitches: [],
  ...over,
});

describe('PlatformVoiceOption', () => {
  it('is offered only while the caller has voice_ai_enabled, and follows the flag when it changes', async () => {
    let enabled = false;
    respondWith(routes({ 'GET /api/me/flags': () => json(flags(enabled)) }));
    const { client } = renderRoute(<><PlatformVoiceOption scenarioId="s1" /><p>page</p></>, { path: '/practice/s1', at: '/practice/s1' });

    await screen.findByText('page');
    await expect.poll(() => client.getQueryData(flagQueries.mine().queryKey)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Platform voice (beta)' })).toBeNull();

    enabled = true;
    await client.invalidateQueries({ queryKey: ['flags', 'me'] });
    expect(await screen.findByRole('heading', { name: 'Platform voice (beta)' })).toBeTruthy();
  });

  it('starts a session showing its estimate, limits, running cost and local mode, ends it and shows the result', async () => {
    const requests: unknown[] = [];
    let current = session();
    respondWith(
      routes({
        'GET /api/me/flags': () => json(flags(true)),
        'POST /api/voice/start-session': async (r) => {
          requests.push(await r.json());
          return json(started, 201);
        },
        'GET /api/voice/sessions/vs1': () => json(current),
        'POST /api/voice/end-session': async (r) => {
          requests.push(await r.json());
          current = session({ status: 'ended', endedAt: new Date(Date.parse(startedAt) + 90_000).toISOString(), runningCost: 0.15, endReason: 'completed' });
          return json({ sessionId: 'vs1', attemptId: 'a1', status: 'ended', endedReason: 'completed', durationSeconds: 90, cost: 0.15 });
        },
      }),
    );
    renderRoute(<PlatformVoiceOption scenarioId="s1" />, { path: '/practice/s1', at: '/practice/s1' });
    const user = userEvent.setup();

    const length = await screen.findByLabelText('Expected length (minutes)');
    await user.clear(length);
    await user.type(length, '12');
    await user.click(screen.getByRole('button', { name: 'Start platform session' }));

    expect(await screen.findByText('$1.20 for 12 min')).toBeTruthy();
    expect(screen.getByText('$0.10 / min')).toBeTruthy();
    expect(screen.getByText('$5.00 or 30 min')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('audio comes with the direct voice pipeline');
    const running = await screen.findByText('Running');
    expect(within(running.parentElement!).getByText(/^0:(29|3\d)$/)).toBeTruthy();
    expect(requests[0]).toEqual({ scenarioId: 's1', expectedDurationMinutes: 12 });

    await user.click(screen.getByRole('button', { name: 'End session' }));

    const result = await screen.findByRole('status');
    expect(result.textContent).toContain('Session ended.');
    expect(result.textContent).toContain('You ended the session.');
    expect(within(result).getByText('1 min 30 s')).toBeTruthy();
    expect(within(result).getByText('$0.15')).toBeTruthy();
    expect(within(result).getByRole('link', { name: 'See the attempt and its score' }).getAttribute('href')).toBe('/attempts/a1');
    expect(requests[1]).toEqual({ sessionId: 'vs1' });
  });

  it('shows why when the session was stopped at its cost limit without the member ending it', async () => {
    respondWith(
      routes({
        'GET /api/me/flags': () => json(flags(true)),
        'POST /api/voice/start-session': () => json({ ...started, localMode: false, note: null }, 201),
        'GET /api/voice/sessions/vs1': () =>
          json(session({ status: 'ended', endedAt: new Date(Date.parse(startedAt) + 120_000).toISOString(), runningCost: 5, endReason: 'cost_limit' })),
      }),
    );
    renderRoute(<PlatformVoiceOption scenarioId="s1" />, { path: '/practice/s1', at: '/practice/s1' });

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Start platform session' }));

    const result = await screen.findByRole('status');
    expect(result.textContent).toContain('cost limit');
    expect(within(result).getByText('$5.00')).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows the result at once when the live stream says the session ended', async () => {
    let current = session();
    respondWith(
      routes({
        'GET /api/me/flags': () => json(flags(true)),
        'POST /api/voice/start-session': () => json({ ...started, localMode: false, note: null }, 201),
        'GET /api/voice/sessions/vs1': () => json(current),
      }),
    );
    const events = new LiveEvents();
    renderRoute(
      <LiveEventsProvider events={events}>
        <PlatformVoiceOption scenarioId="s1" />
      </LiveEventsProvider>,
      { path: '/practice/s1', at: '/practice/s1' },
    );
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Start platform session' }));
    await screen.findByRole('button', { name: 'End session' });

    current = session({ status: 'ended', endedAt: new Date(Date.parse(startedAt) + 300_000).toISOString(), runningCost: 0.5, endReason: 'duration_limit' });
    act(() => {
      events.emit({ type: 'voice.session.ended', data: { sessionId: 'other', attemptId: 'a9', reason: 'completed' } });
      events.emit({ type: 'voice.session.ended', data: { sessionId: 'vs1', attemptId: 'a1', reason: 'duration_limit' } });
    });

    const result = await screen.findByRole('status', {}, { timeout: 2000 });
    expect(result.textContent).toContain('longest allowed length');
    expect(within(result).getByText('5 min')).toBeTruthy();
  });

  it('shows the API refusal of a bad length beside the field', async () => {
    respondWith(
      routes({
        'GET /api/me/flags': () => json(flags(true)),
        'POST /api/voice/start-session': () =>
          json(
            { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { expectedDurationMinutes: ['Sessions of this organization last at most 30 minutes.'] } },
            400,
            'application/problem+json',
          ),
      }),
    );
    renderRoute(<PlatformVoiceOption scenarioId="s1" />, { path: '/practice/s1', at: '/practice/s1' });
    const user = userEvent.setup();

    const length = await screen.findByLabelText('Expected length (minutes)');
    await user.clear(length);
    await user.type(length, '45');
    await user.click(screen.getByRole('button', { name: 'Start platform session' }));

    expect((await screen.findAllByText(/at most 30 minutes/)).length).toBeGreaterThan(0);
    expect(length.getAttribute('aria-invalid')).toBe('true');
  });
});
