import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { personaQueries, scenarioQueries } from './api/queries';
import { Component as ScenarioEditorPage } from './ScenarioEditorPage';

const personas = {
  items: [
    { id: 'p1', name: 'Sarah, first-time buyer', description: 'Curious', voiceProvider: 'elevenlabs', voiceId: 'sarah', difficulty: 'easy', createdAt: '', updatedAt: '' },
    { id: 'p2', name: 'Derek, CFO', description: 'Busy', voiceProvider: 'elevenlabs', voiceId: 'derek', difficulty: 'hard', createdAt: '', updatedAt: '' },
  ],
  page: 1, pageSize: 100, totalCount: 2, totalPages: 1, hasNextPage: false,
};

const problem = (errors: Record<string, string[]>) =>
  json({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors }, 400, 'application/problem+json');

describe('Scenario editor', () => {
  it('shows the API validation errors next to their fields and links to them from the summary', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    respondWith(
      routes({
        'GET /api/personas': () => json(personas),
        'POST /api/scenarios': async (r) => {
          sent.push(await r.json());
          return problem({ title: ["'Title' must not be empty."], aiPrompt: ["'Ai Prompt' must not be empty."], 'rubric[0].max': ['The maximum must not be below the minimum.'] });
        },
      }),
    );
    renderRoute(<ScenarioEditorPage />, { path: '/manage/scenarios/new', at: '/manage/scenarios/new' });

    await user.click(await screen.findByRole('radio', { name: /Derek, CFO/ }));
    await user.clear(screen.getByRole('spinbutton', { name: 'Maximum' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Maximum' }), '10');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    const summary = await screen.findByRole('alert', { name: 'Please correct the following' });
    expect(within(summary).getByRole('link', { name: /Title: 'Title' must not be empty/ })).toHaveAttribute('href', '#field-title');
    expect(within(summary).getByRole('link', { name: /Rubric 1, max: The maximum/ })).toHaveAttribute('href', '#field-rubric-0-max');

    const title = screen.getByRole('textbox', { name: 'Title' });
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription("'Title' must not be empty.");
    expect(screen.getByRole('textbox', { name: 'AI prompt' })).toHaveAccessibleDescription(/Ai Prompt' must not be empty/);
    expect(screen.getByRole('spinbutton', { name: 'Maximum' })).toHaveAccessibleDescription(/The maximum must not be below the minimum/);

    await user.click(within(summary).getByRole('link', { name: /Title:/ }));
    expect(title).toHaveFocus();

    expect(sent[0]).toMatchObject({ personaId: 'p2', passingThreshold: 70, rubric: [{ kind: 'kpi_range', kpi: 'talk_ratio', min: 35, max: 10, phrases: [] }] });
  });

  it('creates the scenario, then publishes it in one step with Save and publish', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    const scenario = (status: string) => ({
      id: 's1', title: 'Cold call', description: '', status, personaId: 'p1', personaName: 'Sarah, first-time buyer', difficulty: 'easy',
      aiPrompt: 'You are Sarah.', rubric: [], passingThreshold: 70, createdAt: '', updatedAt: '', publishedAt: null,
    });
    respondWith(
      routes({
        'GET /api/personas': () => json(personas),
        'POST /api/scenarios': () => (calls.push('create'), json(scenario('draft'), 201)),
        'POST /api/scenarios/s1/publish': () => (calls.push('publish'), json(scenario('published'))),
      }),
    );
    const { router } = renderRoute(<ScenarioEditorPage />, { path: '/manage/scenarios/new', at: '/manage/scenarios/new' });

    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'Cold call');
    await user.click(await screen.findByRole('radio', { name: /Sarah/ }));
    await user.type(screen.getByRole('textbox', { name: 'AI prompt' }), 'You are Sarah.');
    await user.click(screen.getByRole('button', { name: 'Save and publish' }));

    await screen.findByText('elsewhere');
    expect(calls).toEqual(['create', 'publish']);
    expect(router.state.location.pathname).toBe('/manage/scenarios/s1');
    expect(router.state.location.state).toEqual({ message: 'Published. Trainees can now practise it.' });
  });

  it('saving puts the scenario in the cache and marks every scenario list stale, nothing else', async () => {
    const user = userEvent.setup();
    const stored = {
      id: 's1', title: 'Cold call', description: '', status: 'draft', personaId: 'p1', personaName: 'Sarah, first-time buyer', difficulty: 'easy',
      aiPrompt: 'You are Sarah.', rubric: [], passingThreshold: 70, createdAt: '', updatedAt: '', publishedAt: null,
    };
    respondWith(
      routes({
        'GET /api/personas': () => json(personas),
        'GET /api/scenarios/s1': () => json(stored),
        'PUT /api/scenarios/s1': async (r) => json({ ...stored, ...((await r.json()) as object) }),
      }),
    );
    const { client } = renderRoute(<ScenarioEditorPage />, { path: '/manage/scenarios/:scenarioId', at: '/manage/scenarios/s1' });
    const lists = [scenarioQueries.list({ status: 'published', pageSize: 100 }).queryKey, scenarioQueries.list({ page: 2, pageSize: 20 }).queryKey];
    for (const key of lists) client.setQueryData(key, { ...personas, items: [] });

    const title = await screen.findByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Warm call');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await screen.findByText('Saved.');
    expect(client.getQueryData(scenarioQueries.detail('s1').queryKey)?.title).toBe('Warm call');
    for (const key of lists) expect(client.getQueryState(key)?.isInvalidated).toBe(true);
    expect(client.getQueryState(scenarioQueries.detail('s1').queryKey)?.isInvalidated).toBe(false);
    expect(client.getQueryState(personaQueries.list().queryKey)?.isInvalidated).toBe(false);
  });
});
