import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { VoiceSimsSection } from './VoiceSims';
import { voiceAiLabel, type VoiceSimMember, type VoiceSims } from './billing';

const member = (name: string, over: Partial<VoiceSimMember> = {}): VoiceSimMember => ({
  memberId: `00000000-0000-7000-8000-${name.length.toString().padStart(4, '0')}${name.charCodeAt(0).toString(16).padStart(8, '0')}`,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@acme.test`,
  role: 'trainee',
  voiceAddOnActive: false,
  assignedAt: null,
  voiceAiEnabled: false,
  ...over,
});

const jamie = member('Jamie Rivera', { voiceAddOnActive: true, assignedAt: '2030-03-02T10:00:00Z', voiceAiEnabled: true });
const sam = member('Sam Patel');
const alex = member('Alex Chen', { voiceAddOnActive: true, assignedAt: '2030-03-03T10:00:00Z', voiceAiEnabled: false });

const sims = (over: Partial<VoiceSims> = {}): VoiceSims => ({
  purchased: 3,
  assigned: 2,
  available: 1,
  lines: [{ priceId: 'price_bundle', addOnId: 'voice-bundle-3', name: 'Voice AI bundle (3 SIMs)', simsEach: 3, quantity: 1, sims: 3 }],
  members: [alex, jamie, sam],
  ...over,
});

const rowOf = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

describe('voiceAiLabel', () => {
  it('is on with a SIM and no setting against it, off when a setting pauses a held SIM, and says when there is no SIM', () => {
    expect(voiceAiLabel(jamie)).toEqual({ text: 'On', tone: 'success' });
    expect(voiceAiLabel(alex)).toEqual({ text: 'Off', tone: 'warning' });
    expect(voiceAiLabel(sam)).toEqual({ text: 'No SIM', tone: 'neutral' });
  });
});

describe('VoiceSimsSection', () => {
  it('shows the counts and each member with their SIM and voice AI', async () => {
    respondWith(routes({ 'GET /api/billing/voice-sims': () => json(sims()) }));
    renderRoute(<VoiceSimsSection />);

    const counts = await screen.findByLabelText('SIM counts');
    expect(counts).toHaveTextContent(/Purchased\s*3\s*Assigned\s*2\s*Available\s*1/);
    const table = screen.getByRole('table', { name: 'Members and their voice AI SIMs' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(rowOf('Jamie Rivera')).getByText(/^Assigned /)).toBeInTheDocument();
    expect(within(rowOf('Jamie Rivera')).getByText('On')).toBeInTheDocument();
    expect(within(rowOf('Alex Chen')).getByText('Off')).toBeInTheDocument();
    expect(within(rowOf('Sam Patel')).getByText('No SIM')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Unassign SIM from Jamie Rivera' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Assign SIM to Sam Patel' })).toBeEnabled();
  });

  it('assigns a SIM with the keyboard and shows the member holding it', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    let state = sims();
    respondWith(
      routes({
        'GET /api/billing/voice-sims': () => json(state),
        [`PUT /api/members/${sam.memberId}/voice-sim`]: async (request) => {
          bodies.push(await request.json());
          const row = { ...sam, voiceAddOnActive: true, assignedAt: '2030-03-04T10:00:00Z', voiceAiEnabled: true };
          state = sims({ assigned: 3, available: 0, members: [alex, jamie, row] });
          return json(row);
        },
      }),
    );
    renderRoute(<VoiceSimsSection />);

    const assign = await screen.findByRole('button', { name: 'Assign SIM to Sam Patel' });
    assign.focus();
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('status')).toHaveTextContent('Sam Patel has a voice AI SIM now.');
    expect(bodies).toEqual([{ active: true }]);
    expect(await screen.findByRole('button', { name: 'Unassign SIM from Sam Patel' })).toBeInTheDocument();
    expect(within(rowOf('Sam Patel')).getByText('On')).toBeInTheDocument();
    // None is free now: assigning is off, and says why.
    expect(await screen.findByText(/Every SIM is assigned/)).toBeInTheDocument();
  });

  it('shows the API’s refusal as the page shows problems, and disables assigning when none is free', async () => {
    const user = userEvent.setup();
    respondWith(
      routes({
        'GET /api/billing/voice-sims': () => json(sims()),
        [`PUT /api/members/${sam.memberId}/voice-sim`]: () =>
          json(
            { title: 'Conflict', status: 409, detail: 'Every voice AI SIM the organization has bought is assigned: 3 of 3. Buy more under Billing > Add-ons.' },
            409,
            'application/problem+json',
          ),
      }),
    );
    renderRoute(<VoiceSimsSection />);

    await user.click(await screen.findByRole('button', { name: 'Assign SIM to Sam Patel' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Every voice AI SIM the organization has bought is assigned: 3 of 3.');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('explains a full set of SIMs on the disabled buttons', async () => {
    respondWith(routes({ 'GET /api/billing/voice-sims': () => json(sims({ purchased: 0, assigned: 0, available: 0, members: [sam] })) }));
    renderRoute(<VoiceSimsSection />);

    const assign = await screen.findByRole('button', { name: 'Assign SIM to Sam Patel' });
    expect(assign).toBeDisabled();
    expect(assign).toHaveAccessibleDescription('No SIMs bought yet: buy them under Add-ons.');
  });
});

describe('SIM add-on lines', () => {
  const bundle = { priceId: 'price_bundle', addOnId: 'voice-bundle-3', name: 'Voice AI bundle (3 SIMs)', simsEach: 3, quantity: 2, sims: 6 };
  const single = { priceId: 'price_single', addOnId: 'voice-single', name: 'Voice AI SIM', simsEach: 1, quantity: 1, sims: 1 };

  it('lowers a line to the quantity typed and shows the new count', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    let state = sims({ purchased: 7, assigned: 2, available: 5, lines: [bundle, single] });
    respondWith(
      routes({
        'GET /api/billing/voice-sims': () => json(state),
        'PUT /api/billing/voice-addon': async (request) => {
          bodies.push(await request.json());
          state = sims({ purchased: 4, assigned: 2, available: 2, lines: [{ ...bundle, quantity: 1, sims: 3 }, single] });
          return json({ priceId: bundle.priceId, quantity: 1, voiceSims: 4 });
        },
      }),
    );
    renderRoute(<VoiceSimsSection />);

    const field = await screen.findByRole('spinbutton', { name: 'Quantity of Voice AI bundle (3 SIMs)' });
    expect(field).toHaveValue(2);
    await user.clear(field);
    await user.type(field, '1{Enter}');

    expect(bodies).toEqual([{ priceId: 'price_bundle', quantity: 1 }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Voice AI bundle (3 SIMs): 1 now, 4 voice AI SIMs in all.');
    expect(await screen.findByLabelText('SIM counts')).toHaveTextContent(/Purchased\s*4/);
  });

  it('asks before removing a line, then sends quantity 0', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    respondWith(
      routes({
        'GET /api/billing/voice-sims': () => json(sims({ purchased: 7, assigned: 2, available: 5, lines: [bundle, single] })),
        'PUT /api/billing/voice-addon': async (request) => {
          bodies.push(await request.json());
          return json({ priceId: single.priceId, quantity: 0, voiceSims: 6 });
        },
      }),
    );
    renderRoute(<VoiceSimsSection />);

    await user.click(await screen.findByRole('button', { name: 'Remove Voice AI SIM' }));
    expect(bodies).toEqual([]);
    const confirm = screen.getByRole('group', { name: 'Confirm removing Voice AI SIM' });
    await user.click(within(confirm).getByRole('button', { name: 'Remove 1 SIM' }));

    expect(bodies).toEqual([{ priceId: 'price_single', quantity: 0 }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Voice AI SIM removed: the organization has 6 voice AI SIMs now.');
  });

  it('shows the refusal when members hold more SIMs than would be left', async () => {
    const user = userEvent.setup();
    respondWith(
      routes({
        'GET /api/billing/voice-sims': () => json(sims({ purchased: 7, assigned: 7, available: 0, lines: [bundle, single] })),
        'PUT /api/billing/voice-addon': () =>
          json(
            { title: 'Conflict', status: 409, detail: '7 voice AI SIMs are assigned and the organization would keep 6: take back 1 first.' },
            409,
            'application/problem+json',
          ),
      }),
    );
    renderRoute(<VoiceSimsSection />);

    await user.click(await screen.findByRole('button', { name: 'Remove Voice AI SIM' }));
    await user.click(screen.getByRole('button', { name: 'Remove 1 SIM' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('take back 1 first');
  });
});
