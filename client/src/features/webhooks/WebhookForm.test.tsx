import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { WebhookForm, type WebhookBody } from './WebhookForm';
import { ApiError } from '../../api/errors';
import { Component as NewWebhookPage } from './NewWebhookPage';

const eventTypes = [
  { type: 'scenario.assigned', description: 'A manager assigned a scenario or a track to a member.', subscribable: true, schema: {}, example: {} },
  { type: 'scenario.completed', description: 'A member finished a practice call and it was scored.', subscribable: true, schema: {}, example: {} },
  { type: 'user.added', description: 'A person joined the organization.', subscribable: true, schema: {}, example: {} },
  { type: 'webhook.test', description: 'Sent by "send test" only; not subscribable.', subscribable: false, schema: {}, example: {} },
];

function problem(status: number, body: Record<string, unknown>) {
  return ApiError.fromResponse(new Response(null, { status }), { status, ...body });
}

describe('WebhookForm', () => {
  it('offers a checkbox per subscribable event type and submits them in the API’s order', async () => {
    respondWith(routes({ 'GET /api/webhooks/event-types': () => json(eventTypes) }));
    const user = userEvent.setup();
    const onSubmit = vi.fn<(b: WebhookBody) => void>();
    renderRoute(<WebhookForm submitLabel="Add endpoint" pending={false} error={null} onSubmit={onSubmit} />);

    const events = await screen.findByRole('group', { name: 'Events' });
    const boxes = await within(events).findAllByRole('checkbox');
    expect(boxes.map((b) => b.closest('label')?.querySelector('code')?.textContent)).toEqual(['scenario.assigned', 'scenario.completed', 'user.added']);
    expect(within(events).queryByText('webhook.test')).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), '  CRM ');
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://crm.example.com/hooks');
    await user.click(within(events).getByRole('checkbox', { name: /user\.added/ }));
    await user.click(within(events).getByRole('checkbox', { name: /scenario\.assigned/ }));
    const enabled = screen.getByRole('switch', { name: 'Enabled' });
    expect(enabled).toBeChecked();
    await user.click(enabled);
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));

    expect(onSubmit).toHaveBeenCalledWith({ name: 'CRM', url: 'https://crm.example.com/hooks', events: ['scenario.assigned', 'user.added'], enabled: false });
  });

  it('selects all, clears, and starts from the endpoint being edited', async () => {
    respondWith(routes({ 'GET /api/webhooks/event-types': () => json(eventTypes) }));
    const user = userEvent.setup();
    const onSubmit = vi.fn<(b: WebhookBody) => void>();
    const endpoint = {
      id: 'e1', name: 'LMS', url: 'https://lms.example.com/in', events: ['scenario.completed'], enabled: true, source: 'settings' as const,
      secretHint: '…k9Q=', failingSince: null, disabledAt: null, disabledReason: null, createdAt: '', updatedAt: '',
    };
    renderRoute(<WebhookForm endpoint={endpoint} submitLabel="Save changes" pending={false} error={null} onSubmit={onSubmit} />);

    expect(await screen.findByRole('checkbox', { name: /scenario\.completed/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /scenario\.assigned/ })).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Select all' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'LMS', events: ['scenario.assigned', 'scenario.completed', 'user.added'], enabled: true }));

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ events: [] }));
  });

  it('shows the API’s reason for refusing the URL next to the URL field, and event errors next to the events', async () => {
    respondWith(routes({ 'GET /api/webhooks/event-types': () => json(eventTypes) }));
    const error = problem(400, {
      title: 'One or more validation errors occurred.',
      errors: {
        url: ['host localhost is an internal name'],
        events: ['Choose at least one event.'],
      },
    });
    renderRoute(<WebhookForm submitLabel="Add endpoint" pending={false} error={error} onSubmit={() => {}} />);

    const url = screen.getByRole('textbox', { name: 'URL' });
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription(expect.stringContaining('host localhost is an internal name'));
    expect(url).toHaveAccessibleDescription(expect.stringContaining('An https:// address on the public internet.'));
    expect(screen.getByRole('group', { name: 'Events' })).toHaveAccessibleDescription('Choose at least one event.');
    const summary = screen.getByRole('alert', { name: 'Please correct the following' });
    expect(within(summary).getByRole('link', { name: 'URL: host localhost is an internal name' })).toHaveAttribute('href', '#field-url');
    expect(within(summary).getByRole('link', { name: 'Events: Choose at least one event.' })).toHaveAttribute('href', '#field-events');
  });

  it('explains a plan without webhooks and links to billing', async () => {
    respondWith(
      routes({
        'GET /api/webhooks/event-types': () => json(eventTypes),
        'POST /api/webhooks': () =>
          json(
            {
              type: 'urn:problem-type:plan-limit',
              title: 'Plan limit reached',
              status: 403,
              detail: 'The Starter plan does not include webhooks; Professional does. Upgrade the plan in Settings > Billing.',
              limit: 'webhooks',
              plan: 'starter',
            },
            403,
            'application/problem+json',
          ),
      }),
    );
    const user = userEvent.setup();
    renderRoute(<NewWebhookPage />);

    await screen.findByRole('checkbox', { name: /user\.added/ });
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));
    const alert = await screen.findByRole('alert', { name: /does not include webhooks/ });
    expect(within(alert).getByRole('link', { name: 'See plans and upgrade in Billing' })).toHaveAttribute('href', '/admin/billing');
  });
});
