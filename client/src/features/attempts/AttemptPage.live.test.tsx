import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../../api/client';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { LiveEventsProvider } from '../../lib/live';
import { LiveEvents } from '../../lib/liveEvents';
import { Component as AttemptPage } from './AttemptPage';

const attemptId = '5d6c1f0e-0000-4000-8000-000000000001';
const manager: Schemas['MemberDto'] = {
  id: '22222222-0000-4000-8000-000000000002',
  externalUserId: 'user_m',
  email: 'morgan@acme.test',
  name: 'Morgan Manager',
  role: 'manager',
  status: 'active',
  managerId: null,
  createdAt: '2030-01-01T00:00:00Z',
};

const kpis: Schemas['ConversationKpisDto'] = {
  callDurationSeconds: 0, turnCount: 0, traineeTurnCount: 0, aiTurnCount: 0, traineeTalkSeconds: 0, aiTalkSeconds: 0,
  traineeSharePercent: 0, aiSharePercent: 0, talkListenRatio: '0:0', traineeWordCount: 0, wordsPerMinute: 0, fillerWordCount: 0, fillerWordsPerMinute: 0,
} as Schemas['ConversationKpisDto'];

function attempt(over: Partial<Schemas['AttemptDto']>): Schemas['AttemptDto'] {
  return {
    id: attemptId,
    memberId: '11111111-0000-4000-8000-000000000001',
    memberName: 'Jamie Rivera',
    scenarioId: 's1',
    scenarioTitle: 'Cold call',
    passingThreshold: 70,
    status: 'in_progress',
    transcript: [{ role: 'assistant', text: 'Hello, this is Sarah.', timestampMs: 1000 }],
    recordingStatus: 'none',
    kpis,
    kpiBands: [],
    criterionScores: [],
    createdAt: '2030-01-02T10:00:00Z',
    ...over,
  };
}

describe('AttemptPage on a call in progress', () => {
  it('shows the transcript turns the live stream brings, each once, and only this call’s', async () => {
    let current = attempt({});
    respondWith(
      routes({
        [`GET /api/attempts/${attemptId}`]: () => json(current),
        [`GET /api/attempts/${attemptId}/comments`]: () => json([]),
      }),
    );
    const events = new LiveEvents();
    renderRoute(
      <LiveEventsProvider events={events}>
        <AttemptPage />
      </LiveEventsProvider>,
      { path: '/attempts/:attemptId', at: `/attempts/${attemptId}`, me: manager },
    );

    const panel = (await screen.findByRole('heading', { name: 'Live transcript' })).closest('section')!;
    expect(within(panel).getAllByRole('listitem')).toHaveLength(1);

    act(() => {
      events.emit({ type: 'transcript.update', data: { attemptId, index: 1, role: 'user', text: 'Hi Sarah, two minutes?', timestampMs: 3500 } });
      // The first turn again (the stored one), and a turn of another call.
      events.emit({ type: 'transcript.update', data: { attemptId, index: 0, role: 'assistant', text: 'Hello, this is Sarah.', timestampMs: 1000 } });
      events.emit({ type: 'transcript.update', data: { attemptId: 'other', index: 2, role: 'user', text: 'Not this call', timestampMs: 9000 } });
    });
    const turns = within(panel).getAllByRole('listitem');
    expect(turns.map((t) => t.textContent)).toEqual([expect.stringContaining('Hello, this is Sarah.'), expect.stringContaining('Hi Sarah, two minutes?')]);
    expect(turns[1]).toHaveTextContent('Jamie Rivera');

    // The call fails: the page shows why without waiting for its next poll.
    current = attempt({ status: 'failed', failureReason: 'pipeline-error-openai-llm-failed' });
    act(() => events.emit({ type: 'call.failed', data: { attemptId, scenarioId: 's1', reason: 'pipeline-error-openai-llm-failed', message: 'The voice service had a problem.' } }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The call failed. pipeline-error-openai-llm-failed'));
  });
});
