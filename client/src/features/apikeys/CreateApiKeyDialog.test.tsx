import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

const created = {
  apiKey: { id: 'k1', name: 'Zapier', prefix: 'vtk_1a2b3c4d', scopes: ['read', 'write'], createdAt: '2030-01-01T00:00:00Z', lastUsedAt: null, revokedAt: null },
  key: 'vtk_1a2b3c4d_secretpartthatisnotshownagain',
};

function Harness({ onCreated }: { onCreated: (m: string) => void }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <CreateApiKeyDialog open={open} onClose={() => setOpen(false)} onCreated={onCreated} />
    </>
  );
}

describe('CreateApiKeyDialog', () => {
  it('creates a key with the chosen access and shows it once, ready to copy', async () => {
    const user = userEvent.setup();
    let body: unknown;
    respondWith(
      routes({
        'POST /api/api-keys': async (r) => {
          body = await r.json();
          return json(created, 201);
        },
      }),
    );
    const onCreated = vi.fn();
    renderRoute(<Harness onCreated={onCreated} />);

    const dialog = screen.getByRole('dialog', { name: 'New API key' });
    expect(within(dialog).getByRole('radio', { name: 'Read' })).toBeChecked();
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Zapier');
    await user.click(within(dialog).getByRole('radio', { name: 'Read and write' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'Copy your new API key' });
    expect(body).toEqual({ name: 'Zapier', scopes: ['read', 'write'] });
    expect(within(shown).getByRole('alert')).toHaveTextContent('This is the only time you will see this key.');
    const key = within(shown).getByRole('textbox', { name: /Zapier/ });
    expect(key).toHaveValue(created.key);
    expect(key).toHaveAttribute('readonly');
    expect(key).toHaveFocus();

    await user.click(within(shown).getByRole('button', { name: 'Copy the API key' }));
    expect(await navigator.clipboard.readText()).toBe(created.key);
    expect(within(shown).getByRole('status')).toHaveTextContent('Copied');

    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    expect(onCreated).toHaveBeenCalledWith('API key “Zapier” created.');
    expect(screen.queryByText(created.key)).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(created.key)).not.toBeInTheDocument();

    // Opened again, it asks for a new key: the old one is gone for good.
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('dialog', { name: 'New API key' })).toBeInTheDocument();
    expect(screen.queryByDisplayValue(created.key)).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('');
  });

  it('forgets the key when closed with the close button too', async () => {
    const user = userEvent.setup();
    respondWith(routes({ 'POST /api/api-keys': () => json(created, 201) }));
    const onCreated = vi.fn();
    renderRoute(<Harness onCreated={onCreated} />);

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Zapier');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByDisplayValue(created.key);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onCreated).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.queryByDisplayValue(created.key)).not.toBeInTheDocument();
  });

  it('shows field errors and a plan limit with a way to billing', async () => {
    const user = userEvent.setup();
    let answer = 400;
    respondWith(
      routes({
        'POST /api/api-keys': () =>
          answer === 400
            ? json({ title: 'One or more validation errors occurred.', status: 400, errors: { name: ["'Name' must not be empty."] } }, 400, 'application/problem+json')
            : json(
                {
                  type: 'urn:problem-type:plan-limit',
                  title: 'Plan limit reached',
                  status: 403,
                  detail: 'The Free plan does not include api access; Professional does. Upgrade the plan in Settings > Billing.',
                  limit: 'api_access',
                },
                403,
                'application/problem+json',
              ),
      }),
    );
    renderRoute(<Harness onCreated={() => {}} />);

    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(expect.stringContaining("'Name' must not be empty."));

    answer = 403;
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'CRM');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const alert = await screen.findByRole('alert', { name: /does not include api access/ });
    expect(within(alert).getByRole('link', { name: 'See plans and upgrade in Billing' })).toHaveAttribute('href', '/admin/billing');
  });
});
