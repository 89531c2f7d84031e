import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { renderRoute } from '../test/render';
import { ApiError, planLimitOf } from '../api/errors';
import { sessionQueries } from '../auth/queries';
import { ErrorState } from './States';

const seatsFull = ApiError.fromResponse(new Response(null, { status: 403 }), {
  type: 'urn:problem-type:plan-limit',
  title: 'Plan limit reached',
  status: 403,
  detail: 'The Starter plan includes 10 seats and all are taken. Deactivate a member or upgrade: Upgrade the plan in Settings > Billing.',
  limit: 'seats',
  allowed: 10,
  used: 10,
  plan: 'starter',
});

describe('plan limits', () => {
  it('reads the limit and the numbers from the problem, and nothing from other errors', () => {
    expect(planLimitOf(seatsFull)).toEqual({ limit: 'seats', allowed: 10, used: 10, message: expect.stringContaining('10 seats') });
    expect(planLimitOf(ApiError.fromResponse(new Response(null, { status: 403 }), { status: 403, title: 'Forbidden' }))).toBeNull();
    expect(planLimitOf(new Error('x'))).toBeNull();
  });

  it('shows the numbers and, to an admin, the way to billing', () => {
    renderRoute(<ErrorState error={seatsFull} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Plan limit reached')).toBeInTheDocument();
    expect(within(alert).getByText('Seats: 10 of 10 used.')).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: 'See plans and upgrade in Billing' })).toHaveAttribute('href', '/admin/billing');
  });

  it('tells others to ask an admin', () => {
    const client = new QueryClient();
    client.setQueryData(sessionQueries.me().queryKey, { id: 'm', externalUserId: 'u', email: 'jamie@acme.test', name: 'Jamie', role: 'trainee', status: 'active', managerId: null, createdAt: '' });
    render(
      <QueryClientProvider client={client}>
        <MemoryRouter>
          <ErrorState error={seatsFull} />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(screen.getByText('Ask an admin of your organization to upgrade the plan.')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
