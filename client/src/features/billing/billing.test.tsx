import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { UsageMeter } from './UsageMeter';
import { pastDueText, planAction, priceLabel, usageLevel, type BillingSummary, type Plan } from './billing';
import { Component as BillingPage } from './BillingPage';

const plan = (id: string, over: Partial<Plan> = {}): Plan => ({
  id,
  name: id.charAt(0).toUpperCase() + id.slice(1),
  description: null,
  isDefault: false,
  amountCents: 4900,
  currency: 'usd',
  interval: 'month',
  purchasable: true,
  priceId: `price_${id}`,
  entitlements: { seats: 10, publishedScenarios: 15, voiceMinutesPerMonth: 500, features: ['webhooks'] },
  ...over,
});

const summary = (over: Partial<BillingSummary> = {}): BillingSummary => ({
  plan: plan('professional', { amountCents: 19900, purchasable: false, priceId: null }),
  status: 'none',
  currentPeriodStart: null,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  pastDueSince: null,
  readOnlyFrom: null,
  voiceSims: 0,
  stripeConfigured: false,
  hasStripeCustomer: false,
  seats: { used: 5, allowed: 50 },
  publishedScenarios: { used: 4, allowed: 100 },
  voiceMinutes: { used: 2712.5, allowed: 3000 },
  usagePeriodStart: '2030-03-01T00:00:00Z',
  usagePeriodEnd: '2030-04-01T00:00:00Z',
  voiceCostUsd: 271.25,
  invoices: [],
  ...over,
});

describe('usageLevel', () => {
  it('is calm below 80 %, warns from 80 % and is danger at the limit', () => {
    expect(usageLevel({ used: 5, allowed: 50 })).toEqual({ percent: 10, tone: 'success', text: '5 of 50', note: null });
    expect(usageLevel({ used: 40, allowed: 50 })).toMatchObject({ percent: 80, tone: 'warning', note: 'Almost used up' });
    expect(usageLevel({ used: 50, allowed: 50 })).toMatchObject({ percent: 100, tone: 'danger', note: 'Limit reached' });
    expect(usageLevel({ used: 61, allowed: 50 })).toMatchObject({ percent: 100, tone: 'danger', note: 'Over the limit' });
  });

  it('rounds fractional minutes and has no bar when unlimited', () => {
    expect(usageLevel({ used: 12.345, allowed: 30 }, 'min')).toMatchObject({ percent: 41, text: '12.3 of 30 min' });
    expect(usageLevel({ used: 7, allowed: null })).toEqual({ percent: null, tone: 'neutral', text: '7 (unlimited)', note: null });
    expect(usageLevel({ used: 0, allowed: 0 })).toMatchObject({ percent: 100, tone: 'danger' });
  });
});

describe('UsageMeter', () => {
  it('is a labelled progress bar that says the numbers', () => {
    render(<UsageMeter label="Voice minutes" usage={{ used: 2712.5, allowed: 3000 }} unit="min" />);
    const bar = screen.getByRole('progressbar', { name: 'Voice minutes' });
    expect(bar).toHaveAttribute('aria-valuenow', '90');
    expect(bar).toHaveAttribute('aria-valuetext', expect.stringMatching(/^2,?712\.5 of 3,?000 min \(90%\), almost used up$/));
    expect(screen.getByText('· Almost used up')).toBeInTheDocument();
  });

  it('shows no bar for an unlimited allowance', () => {
    render(<UsageMeter label="Seats" usage={{ used: 7, allowed: null }} />);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByText('7 (unlimited)')).toBeInTheDocument();
  });
});

describe('plans', () => {
  it('prices plans, free ones and custom ones', () => {
    expect(priceLabel(plan('starter'))).toMatch(/^\$49 \/ month$/);
    expect(priceLabel(plan('free', { amountCents: 0 }))).toBe('Free');
    expect(priceLabel(plan('enterprise', { amountCents: null, interval: 'year' }))).toBe('Custom pricing');
  });

  it('offers checkout without a subscription, a plan change with one, and says why not otherwise', () => {
    const s = summary();
    expect(planAction(s.plan, s, true)).toEqual({ kind: 'current' });
    expect(planAction(plan('starter'), s, false)).toEqual({ kind: 'unavailable', reason: 'Purchases need Stripe, which is not configured.' });
    expect(planAction(plan('starter'), s, true)).toEqual({ kind: 'checkout', priceId: 'price_starter' });
    expect(planAction(plan('starter'), summary({ status: 'active' }), true)).toEqual({ kind: 'change', priceId: 'price_starter' });
    expect(planAction(plan('free', { amountCents: 0, priceId: null, purchasable: false }), summary({ status: 'active' }), true)).toEqual({ kind: 'free' });
    expect(planAction(plan('enterprise', { amountCents: null, priceId: null, purchasable: false }), s, true)).toEqual({ kind: 'unavailable', reason: 'Contact sales for this plan.' });
  });

  it('warns about a failed payment with the end of the grace period, then read-only', () => {
    const s = summary({ status: 'past_due', pastDueSince: '2030-03-01T10:00:00Z', readOnlyFrom: '2030-03-08T10:00:00Z' });
    expect(pastDueText(summary(), new Date('2030-03-02'))).toBeNull();
    expect(pastDueText(s, new Date('2030-03-02T00:00:00Z'))?.detail).toMatch(/^Everything keeps working until .*2030/);
    expect(pastDueText(s, new Date('2030-03-09T00:00:00Z'))?.detail).toMatch(/can only read/);
  });
});

describe('BillingPage', () => {
  const noSims = { purchased: 0, assigned: 0, available: 0, lines: [], members: [] };
  const plans = {
    stripeConfigured: false,
    plans: [plan('free', { amountCents: 0, isDefault: true, purchasable: false, priceId: null }), plan('starter', { purchasable: false, priceId: null }), summary().plan],
    addOns: [{ id: 'voice_sim_single', name: 'Voice AI, single SIM', description: null, sims: 1, amountCents: 1000, currency: 'usd', interval: 'month', purchasable: false, priceId: null, availableOn: ['starter', 'professional'] }],
  };

  it('in local mode says Stripe is not configured and disables every purchase', async () => {
    respondWith(routes({ 'GET /api/billing': () => json(summary()), 'GET /api/billing/voice-sims': () => json(noSims),
        'GET /api/billing/plans': () => json(plans) }));
    renderRoute(<BillingPage />);

    expect(await screen.findByText('Billing is in local mode: Stripe is not configured.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Manage in Stripe portal' })).toBeDisabled();
    const starter = await screen.findByRole('listitem', { name: 'Starter' });
    expect(within(starter).getByRole('button', { name: 'Choose Starter' })).toBeDisabled();
    expect(within(starter).getByRole('button', { name: 'Choose Starter' })).toHaveAccessibleDescription('Purchases need Stripe, which is not configured.');
    expect(within(screen.getByRole('listitem', { name: 'Professional' })).getByText('Current plan')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Buy/ })).toBeDisabled();
    expect(screen.getByRole('progressbar', { name: 'Voice minutes' })).toHaveAttribute('aria-valuenow', '90');
    expect(screen.getByText('No invoices yet')).toBeInTheDocument();
  });

  it('buys SIMs onto the subscription at once and says how many the organization has', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    const sellable = { ...plans, stripeConfigured: true, addOns: [{ ...plans.addOns[0]!, purchasable: true, priceId: 'price_sim' }] };
    respondWith(
      routes({
        'GET /api/billing': () => json(summary({ stripeConfigured: true, hasStripeCustomer: true, status: 'active' })),
        'GET /api/billing/voice-sims': () => json(noSims),
        'GET /api/billing/plans': () => json(sellable),
        'POST /api/checkout/voice-addon': async (request) => {
          bodies.push(await request.json());
          return json({ priceId: 'price_sim', quantity: 2, voiceSims: 2 });
        },
      }),
    );
    renderRoute(<BillingPage />);

    const quantity = await screen.findByRole('spinbutton');
    await user.clear(quantity);
    await user.type(quantity, '2');
    await user.click(screen.getByRole('button', { name: /Buy/ }));
    expect(await screen.findByText(/now has 2 voice AI SIMs/)).toBeInTheDocument();
    expect(bodies).toEqual([{ priceId: 'price_sim', quantity: 2 }]);
  });

  it('in local mode with the local stand-in sells SIMs, and only SIMs', async () => {
    const user = userEvent.setup();
    const local = { ...plans, localPayments: true, addOns: [{ ...plans.addOns[0]!, purchasable: true, priceId: 'price_local_voice_sim_single' }] };
    let purchased = 0;
    respondWith(
      routes({
        'GET /api/billing': () => json(summary({ status: 'active', voiceSims: purchased })),
        'GET /api/billing/voice-sims': () => json({ ...noSims, purchased, available: purchased }),
        'GET /api/billing/plans': () => json(local),
        'POST /api/checkout/voice-addon': () => {
          purchased = 1;
          return json({ priceId: 'price_local_voice_sim_single', quantity: 1, voiceSims: 1 });
        },
      }),
    );
    renderRoute(<BillingPage />);

    expect(await screen.findByText(/Voice AI SIMs are sold by a local stand-in that charges nothing/)).toBeInTheDocument();
    const starter = await screen.findByRole('listitem', { name: 'Starter' });
    expect(within(starter).getByRole('button', { name: 'Choose Starter' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: /Buy/ }));
    expect(await screen.findByText(/now has 1 voice AI SIM; nothing was charged \(local mode\)/)).toBeInTheDocument();
    expect(await screen.findByLabelText('SIM counts')).toHaveTextContent(/Purchased\s*1/);
  });

  it('turns a 503 from Stripe into the local-mode message instead of an error', async () => {
    const user = userEvent.setup();
    respondWith(
      routes({
        'GET /api/billing': () => json(summary({ stripeConfigured: true, hasStripeCustomer: true, status: 'active' })),
        'GET /api/billing/voice-sims': () => json(noSims),
        'GET /api/billing/plans': () => json({ ...plans, stripeConfigured: true }),
        'POST /api/billing/portal': () =>
          json({ title: 'Service Unavailable', status: 503, detail: 'Stripe is not configured on this installation (set STRIPE_SECRET_KEY).' }, 503, 'application/problem+json'),
      }),
    );
    renderRoute(<BillingPage />);

    await user.click(await screen.findByRole('button', { name: 'Manage in Stripe portal' }));
    expect(await screen.findByText('Billing is in local mode: Stripe is not configured.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Manage in Stripe portal' })).toBeDisabled();
  });

  it('warns when a payment is past due', async () => {
    respondWith(
      routes({
        'GET /api/billing': () => json(summary({ status: 'past_due', pastDueSince: '2030-03-01T10:00:00Z', readOnlyFrom: '2999-03-08T10:00:00Z' })),
        'GET /api/billing/voice-sims': () => json(noSims),
        'GET /api/billing/plans': () => json(plans),
      }),
    );
    renderRoute(<BillingPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent(/A payment has failed.*Everything keeps working until/);
  });
});
