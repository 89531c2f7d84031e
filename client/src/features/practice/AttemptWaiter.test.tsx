import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { assignmentQueries } from '../assignments';
import { attemptQueries } from '../attempts';
import { progressQueries } from '../progress';
import { leaderboardQueries } from '../results';
import { scenarioQueries } from '../scenarios';
import { AttemptWaiter } from './AttemptWaiter';

const attempt = (status: string) => ({ id: 'a1', memberId: 'm1', scenarioId: 's1', scenarioTitle: 'Cold call', status, recordingStatus: 'none', createdAt: '' });

/** Cached data nobody is looking at: invalidating it marks it stale without refetching it. */
function seed(client: QueryClient, keys: QueryKey[]) {
  for (const key of keys) client.setQueryData(key, {});
}

const isStale = (client: QueryClient, key: QueryKey) => client.getQueryState(key)?.isInvalidated;

describe('AttemptWaiter', () => {
  it('once the call is scored, marks what it changed stale (assignments, attempt lists, progress, leaderboard) and opens the attempt', async () => {
    respondWith(routes({ 'GET /api/attempts/a1': () => json(attempt('completed')) }));
    const changed = [
      assignmentQueries.list({ scope: 'mine', pageSize: 20 }).queryKey,
      attemptQueries.list({ memberId: 'm1', pageSize: 20 }).queryKey,
      progressQueries.detail().queryKey,
      leaderboardQueries.detail({ period: 'month' }).queryKey,
    ];
    const untouched = [scenarioQueries.list({ status: 'published' }).queryKey, attemptQueries.detail('a0').queryKey];
    const { client, router } = renderRoute(<AttemptWaiter attemptId="a1" />, { path: '/practice/s1', at: '/practice/s1' });
    seed(client, [...changed, ...untouched]);

    await screen.findByText('elsewhere');
    expect(router.state.location.pathname).toBe('/attempts/a1');
    for (const key of changed) expect(isStale(client, key), JSON.stringify(key)).toBe(true);
    for (const key of untouched) expect(isStale(client, key), JSON.stringify(key)).toBe(false);
  });

  it('leaves the caches alone while the call is still being scored', async () => {
    respondWith(routes({ 'GET /api/attempts/a1': () => json(attempt('in_progress')) }));
    const { client } = renderRoute(<AttemptWaiter attemptId="a1" />, { path: '/practice/s1', at: '/practice/s1' });
    const assignments = assignmentQueries.list({ scope: 'mine' }).queryKey;
    seed(client, [assignments]);

    await screen.findByText('Scoring your call…');
    await expect.poll(() => client.getQueryData(attemptQueries.detail('a1').queryKey)?.status).toBe('in_progress');
    expect(isStale(client, assignments)).toBe(false);
  });
});
