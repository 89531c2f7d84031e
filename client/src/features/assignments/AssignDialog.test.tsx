import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { AssignDialog } from './AssignDialog';

const page = <T,>(items: T[]) => ({ items, page: 1, pageSize: 100, totalCount: items.length, totalPages: 1, hasNextPage: false });
const member = { id: 'm1', externalUserId: 'u1', email: 'jamie@acme.test', name: 'Jamie Rivera', role: 'trainee', status: 'active', managerId: null, createdAt: '' };
const scenario = { id: 's1', title: 'Cold call', description: '', status: 'published', personaId: 'p', personaName: 'Sarah', difficulty: 'easy', passingThreshold: 70, createdAt: '', updatedAt: '' };
const track = { id: 't1', title: 'Onboarding', description: '', scenarioCount: 2, createdAt: '', updatedAt: '' };

function api(onCreate: (body: Record<string, unknown>) => Response) {
  respondWith(
    routes({
      'GET /api/members': () => json(page([member])),
      'GET /api/scenarios': () => json(page([scenario])),
      'GET /api/tracks': () => json(page([track])),
      'POST /api/assignments': async (r) => onCreate((await r.json()) as Record<string, unknown>),
    }),
  );
}

describe('AssignDialog', () => {
  it('assigns the prefilled scenario with an end-of-day due date', async () => {
    const user = userEvent.setup();
    let body: Record<string, unknown> = {};
    api((b) => {
      body = b;
      return json({ id: 'a1', memberId: 'm1', memberName: 'Jamie Rivera', scenarioId: 's1', scenarioTitle: 'Cold call', status: 'pending', createdAt: '' }, 201);
    });
    const onAssigned = vi.fn();
    renderRoute(<AssignDialog open onClose={() => {}} defaults={{ kind: 'scenario', scenarioId: 's1' }} onAssigned={onAssigned} />);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Member' }), await screen.findByRole('option', { name: 'Jamie Rivera (trainee)' }));
    await screen.findByRole('option', { name: 'Cold call' });
    expect(screen.getByRole('combobox', { name: 'Scenario' })).toHaveValue('s1');
    const due = screen.getByLabelText('Due date');
    await user.clear(due);
    await user.type(due, '2030-03-15');
    await user.click(screen.getByRole('button', { name: 'Assign' }));

    await vi.waitFor(() => expect(onAssigned).toHaveBeenCalledWith('Assigned "Cold call" to Jamie Rivera.'));
    expect(body).toMatchObject({ memberId: 'm1', scenarioId: 's1', trackId: null });
    const dueAt = new Date(body.dueAt as string);
    expect([dueAt.getFullYear(), dueAt.getMonth(), dueAt.getDate(), dueAt.getHours(), dueAt.getMinutes()]).toEqual([2030, 2, 15, 23, 59]);
  });

  it('shows a conflict from the API and field errors for a track', async () => {
    const user = userEvent.setup();
    let status = 400;
    api(() =>
      status === 400
        ? json({ title: 'One or more validation errors occurred.', status: 400, errors: { trackId: ['Give a scenario or a track.'] } }, 400, 'application/problem+json')
        : json({ title: 'Conflict', status: 409, detail: 'Jamie Rivera already has this assignment open.' }, 409, 'application/problem+json'),
    );
    renderRoute(<AssignDialog open onClose={() => {}} onAssigned={() => {}} />);

    await user.click(screen.getByRole('radio', { name: 'A track' }));
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    expect(await screen.findByRole('combobox', { name: 'Track' })).toHaveAccessibleDescription('Give a scenario or a track.');

    status = 409;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Track' }), await screen.findByRole('option', { name: /Onboarding/ }));
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    expect(await screen.findByRole('alert', { name: 'Jamie Rivera already has this assignment open.' })).toBeInTheDocument();
  });
});
