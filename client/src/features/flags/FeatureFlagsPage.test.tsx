import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { LiveEventsProvider } from '../../lib/live';
import { LiveEvents } from '../../lib/liveEvents';
import type { Schemas } from '../../api/client';
import { Component as FeatureFlagsPage } from './FeatureFlagsPage';

const admin = { id: 'a1', externalUserId: 'user_a', email: 'avery@example.test', name: 'Avery Admin', role: 'admin', status: 'active', createdAt: '2030-01-01T00:00:00Z' } as const;
const jamie = { id: 'm1', externalUserId: 'user_j', email: 'jamie@example.test', name: 'Jamie Trainee', role: 'trainee', status: 'active', createdAt: '2030-01-01T00:00:00Z' } as const;

function flag(overrides: Partial<Schemas['AdminFlagDto']>): Schemas['AdminFlagDto'] {
  return {
    key: 'voice_ai_enabled',
    description: 'Practice calls through the platform voice pipeline.',
    requires: 'voice_sim',
    enabled: true,
    switchOn: true,
    decidedBy: 'default',
    entitled: true,
    globalValue: null,
    organizationValue: null,
    userValue: null,
    ...overrides,
  };
}

const change: Schemas['FlagChangeDto'] = {
  id: 'c1',
  key: 'voice_ai_enabled',
  scope: 'user',
  memberId: 'm1',
  memberName: 'Jamie Trainee',
  oldValue: null,
  newValue: false,
  changedBy: 'a1',
  changedByName: 'Avery Admin',
  source: 'admin',
  reason: 'Headset broken',
  changedAt: '2030-01-02T10:00:00Z',
};

describe('FeatureFlagsPage', () => {
  it('shows each scope, sets a member’s value with the reason, and follows live changes', async () => {
    const user = userEvent.setup();
    const puts: unknown[] = [];
    let memberValue: boolean | null = null;
    let organizationReads = 0;
    respondWith(
      routes({
        'GET /api/members': () => json({ items: [admin, jamie], page: 1, pageSize: 100, totalCount: 2, totalPages: 1, hasNextPage: false }),
        'GET /api/admin/flags': (r) => {
          const memberId = new URL(r.url).searchParams.get('memberId');
          if (!memberId) {
            organizationReads++;
            return json({
              memberId: null,
              memberName: null,
              flags: [
                flag({ organizationValue: organizationReads > 1 ? false : null, enabled: organizationReads === 1, decidedBy: organizationReads > 1 ? 'organization' : 'default' }),
                flag({ key: 'webhooks', description: 'The plan feature "webhooks".', requires: 'plan_feature', globalValue: false, enabled: false, decidedBy: 'global' }),
              ],
            });
          }
          return json({
            memberId,
            memberName: 'Jamie Trainee',
            flags: [flag({ userValue: memberValue, enabled: memberValue ?? true, decidedBy: memberValue == null ? 'default' : 'user' })],
          });
        },
        'PUT /api/admin/flags/voice_ai_enabled': async (r) => {
          const body = (await r.json()) as { enabled: boolean | null };
          puts.push(body);
          memberValue = body.enabled;
          return json({ key: 'voice_ai_enabled', scope: 'user', memberId: 'm1', value: body.enabled, changed: true });
        },
        'GET /api/admin/flags/audit': () => json({ items: [change], page: 1, pageSize: 20, totalCount: 1, totalPages: 1, hasNextPage: false }),
      }),
    );
    const events = new LiveEvents();
    renderRoute(
      <LiveEventsProvider events={events}>
        <FeatureFlagsPage />
      </LiveEventsProvider>,
      { me: admin },
    );

    // The organization's view: the global value and the effective one.
    const table = await screen.findByRole('table', { name: 'Feature flags for the organization' });
    const webhooks = within(table).getByRole('row', { name: /webhooks/ });
    expect(webhooks).toHaveTextContent('Needs the plan feature');
    expect(webhooks).toHaveTextContent('Set for the platform');
    expect(within(webhooks).getAllByRole('cell').map((c) => c.textContent)).toContain('Off');

    // Another admin switches voice AI off for the organization: the screen follows.
    act(() => events.emit({ type: 'flag.changed', data: { key: 'voice_ai_enabled', scope: 'organization', value: false } }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Setting of voice_ai_enabled' })).toHaveValue('off'));
    expect(within(within(table).getByRole('row', { name: /voice_ai_enabled/ })).getByText('Set for the organization')).toBeInTheDocument();

    // One member's values, and a setting for them with a reason.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show values for' }), 'm1');
    const forJamie = await screen.findByRole('table', { name: 'Feature flags for Jamie Trainee' });
    expect(within(forJamie).getByRole('columnheader', { name: 'Setting for Jamie Trainee' })).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Reason (kept in the audit trail)' }), 'Headset broken');
    await user.selectOptions(within(forJamie).getByRole('combobox', { name: 'Setting of voice_ai_enabled' }), 'off');

    expect(await screen.findByText('voice_ai_enabled is now off for Jamie Trainee.')).toBeInTheDocument();
    expect(puts).toEqual([{ scope: 'user', memberId: 'm1', enabled: false, reason: 'Headset broken' }]);
    await waitFor(() => expect(within(forJamie).getByRole('combobox', { name: 'Setting of voice_ai_enabled' })).toHaveValue('off'));

    // Clearing hands the decision back.
    await user.selectOptions(within(forJamie).getByRole('combobox', { name: 'Setting of voice_ai_enabled' }), 'inherit');
    expect(await screen.findByText('voice_ai_enabled is no longer set for Jamie Trainee.')).toBeInTheDocument();
    expect(puts[1]).toEqual({ scope: 'user', memberId: 'm1', enabled: null, reason: 'Headset broken' });
  });

  it('lists the audit trail: when, what, for whom, old → new, by whom and why', async () => {
    respondWith(
      routes({
        'GET /api/members': () => json({ items: [admin], page: 1, pageSize: 100, totalCount: 1, totalPages: 1, hasNextPage: false }),
        'GET /api/admin/flags': () => json({ memberId: null, memberName: null, flags: [flag({})] }),
        'GET /api/admin/flags/audit': () =>
          json({
            items: [change, { ...change, id: 'c2', scope: 'global', memberId: null, memberName: null, oldValue: true, newValue: null, changedByName: 'Olive Operator', source: 'operator', reason: null }],
            page: 1,
            pageSize: 20,
            totalCount: 2,
            totalPages: 1,
            hasNextPage: false,
          }),
      }),
    );
    renderRoute(<FeatureFlagsPage />, { me: admin });

    const audit = await screen.findByRole('table', { name: 'Flag changes, newest first' });
    const rows = within(audit).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Jamie Trainee');
    expect(rows[0]).toHaveTextContent('Not set → Off');
    expect(rows[0]).toHaveTextContent('Avery Admin (admin)');
    expect(rows[0]).toHaveTextContent('Headset broken');
    expect(rows[1]).toHaveTextContent('Everyone (platform)');
    expect(rows[1]).toHaveTextContent('On → Not set');
    expect(rows[1]).toHaveTextContent('Olive Operator (operator)');
  });
});
