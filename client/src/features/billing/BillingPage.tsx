import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { isNotConfigured } from '../../api/errors';
import { billingQueries } from './api/queries';
import { Page } from '../../components/Page';
import { EmptyState, ErrorState, Loading, QueryView } from '../../components/States';
import { Badge, StatusBadge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/Form';
import { TableWrap } from '../../components/TableWrap';
import { formatDate } from '../../lib/format';
import { UsageMeter } from './UsageMeter';
import { VoiceSimsSection } from './VoiceSims';
import { featureLabels, formatMoney, limitText, pastDueText, planAction, priceLabel, type AddOn, type BillingSummary, type Plan } from './billing';

/** Stripe Checkout and the customer portal are Stripe's pages: the browser goes there. */
function goTo(url: string) {
  window.location.assign(url);
}

export function Component() {
  const summary = useQuery(billingQueries.summary());
  const [params] = useSearchParams();
  const returned = params.get('success') === 'true' ? 'success' : params.get('canceled') === 'true' ? 'canceled' : null;

  return (
    <Page title="Billing" description="Your plan, what it includes, what you have used this period, and invoices.">
      {returned === 'success' && (
        <p className="notice" role="status">
          Thank you: the payment went through. Your plan updates here as soon as Stripe confirms it (usually within a minute).
        </p>
      )}
      {returned === 'canceled' && (
        <p className="notice" role="status">
          Checkout was canceled; nothing was charged.
        </p>
      )}
      <QueryView query={summary} loadingLabel="Loading your plan and usage…">
        {(s) => <Billing summary={s} />}
      </QueryView>
    </Page>
  );
}

function LocalModeNotice({ localPayments = false }: { localPayments?: boolean }) {
  return (
    <div className="notice notice-warning">
      <strong>Billing is in local mode: Stripe is not configured.</strong> Plans, limits and usage below are real, but buying a plan
      {localPayments ? '' : ' or an add-on'}, changing plan and the Stripe portal are unavailable until the server has Stripe keys (<code>STRIPE_SECRET_KEY</code>).
      {localPayments && ' Voice AI SIMs are sold by a local stand-in that charges nothing, so they can be bought and assigned here.'}
    </div>
  );
}

function Billing({ summary: s }: { summary: BillingSummary }) {
  const queryClient = useQueryClient();
  const plans = useQuery(billingQueries.plans());
  const [changeTo, setChangeTo] = useState<Plan | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const checkout = useMutation({
    mutationFn: (priceId: string) => unwrap(api.POST('/api/checkout/session', { body: { priceId } })),
    onSuccess: (session) => goTo(session.url),
  });
  // SIMs are a line of the plan subscription: bought at once (prorated), no checkout page.
  const addOn = useMutation({
    mutationFn: (body: { priceId: string; quantity: number }) => unwrap(api.POST('/api/checkout/voice-addon', { body })),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: billingQueries.all() });
      const charge = plans.data?.localPayments ? 'nothing was charged (local mode)' : 'the prorated charge is on a new invoice';
      setMessage(`Bought. The organization now has ${r.voiceSims} voice AI SIM${r.voiceSims === 1 ? '' : 's'}; ${charge}. Assign them under Voice AI SIMs.`);
    },
  });
  const portal = useMutation({
    mutationFn: () => unwrap(api.POST('/api/billing/portal')),
    onSuccess: (session) => goTo(session.url),
  });
  const changePlan = useMutation({
    mutationFn: (priceId: string) => unwrap(api.POST('/api/billing/change-plan', { body: { priceId } })),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: billingQueries.all() });
      setChangeTo(null);
      setMessage(`You are now on the ${plans.data?.plans.find((p) => p.id === r.plan)?.name ?? r.plan} plan.`);
    },
  });

  // Stripe missing: say so once, and treat a 503 from any purchase the same way.
  const purchaseError = checkout.error ?? addOn.error ?? portal.error;
  const stripeConfigured = s.stripeConfigured && !isNotConfigured(purchaseError) && !isNotConfigured(changePlan.error);
  const busy = checkout.isPending || addOn.isPending || portal.isPending || changePlan.isPending;

  return (
    <>
      {!stripeConfigured && <LocalModeNotice localPayments={plans.data?.localPayments} />}
      <p className="live-message" role="status">
        {message}
      </p>
      {purchaseError && !isNotConfigured(purchaseError) && <ErrorSummary error={purchaseError} />}
      <PastDue summary={s} />
      <div className="billing-grid">
        <section className="panel" aria-labelledby="plan-heading">
          <h2 id="plan-heading">Current plan</h2>
          <p className="plan-name">
            <strong>{s.plan.name}</strong> {s.status === 'none' ? <Badge>No subscription</Badge> : <StatusBadge status={s.status} />}
          </p>
          <dl className="facts">
            <div>
              <dt>Price</dt>
              <dd>{priceLabel(s.plan)}</dd>
            </div>
            <div>
              <dt>{s.cancelAtPeriodEnd ? 'Ends on' : 'Current period ends'}</dt>
              <dd>{s.currentPeriodEnd ? formatDate(s.currentPeriodEnd) : '—'}</dd>
            </div>
            <div>
              <dt>Voice AI add-ons</dt>
              <dd>{s.voiceSims === 0 ? 'None' : `${s.voiceSims} SIM${s.voiceSims === 1 ? '' : 's'}`}</dd>
            </div>
          </dl>
          {s.cancelAtPeriodEnd && <p className="small">The subscription is set to end with this period; renew it in the Stripe portal.</p>}
          <div className="button-row">
            <button type="button" className="button secondary" disabled={!stripeConfigured || !s.hasStripeCustomer || busy} onClick={() => portal.mutate()}>
              {portal.isPending ? 'Opening…' : 'Manage in Stripe portal'}
            </button>
          </div>
          {stripeConfigured && !s.hasStripeCustomer && <p className="hint">The portal opens once you have subscribed to a plan.</p>}
          {stripeConfigured && s.hasStripeCustomer && <p className="hint">Payment methods, invoices and cancellation are handled by Stripe.</p>}
        </section>
        <section className="panel" aria-labelledby="usage-heading">
          <h2 id="usage-heading">Usage</h2>
          <p className="small muted">
            This period: {formatDate(s.usagePeriodStart)} – {formatDate(s.usagePeriodEnd)}
          </p>
          <div className="usage-list">
            <UsageMeter label="Seats" usage={s.seats} hint="Active members." />
            <UsageMeter label="Published scenarios" usage={s.publishedScenarios} />
            <UsageMeter label="Voice minutes" usage={s.voiceMinutes} unit="min" hint={`Practice calls this period, about ${formatMoney(Math.round(s.voiceCostUsd * 100), 'usd')} of voice usage.`} />
          </div>
        </section>
      </div>

      <section aria-labelledby="plans-heading" className="section">
        <h2 id="plans-heading">Plans</h2>
        {plans.isPending ? (
          <Loading label="Loading the plans…" />
        ) : plans.isError ? (
          <ErrorState error={plans.error} title="Could not load the plans" onRetry={() => void plans.refetch()} />
        ) : (
          <ul className="card-grid plan-grid">
            {plans.data.plans.map((p) => (
              <PlanCard
                key={p.id}
                plan={p}
                action={planAction(p, s, stripeConfigured && plans.data.stripeConfigured)}
                busy={busy}
                pending={checkout.isPending && checkout.variables === p.priceId}
                onCheckout={(priceId) => checkout.mutate(priceId)}
                onChange={() => setChangeTo(p)}
              />
            ))}
          </ul>
        )}
      </section>

      {plans.data && plans.data.addOns.length > 0 && (
        <section aria-labelledby="addons-heading" className="section">
          <h2 id="addons-heading">Add-ons</h2>
          <p className="small muted">Voice AI SIMs add concurrent practice-call capacity, billed monthly.</p>
          <ul className="card-grid">
            {plans.data.addOns.map((a) => (
              <AddOnCard
                key={a.id}
                addOn={a}
                currentPlan={s.plan}
                stripeConfigured={(stripeConfigured && plans.data.stripeConfigured) || !!plans.data.localPayments}
                busy={busy}
                onBuy={(quantity) => a.priceId && addOn.mutate({ priceId: a.priceId, quantity })}
              />
            ))}
          </ul>
        </section>
      )}

      <VoiceSimsSection />

      <section aria-labelledby="invoices-heading" className="section">
        <h2 id="invoices-heading">Recent invoices</h2>
        {s.invoices.length === 0 ? (
          <EmptyState title="No invoices yet">Invoices appear here once Stripe bills a subscription.</EmptyState>
        ) : (
          <TableWrap label="Invoices table">
            <table>
              <caption className="visually-hidden">Recent invoices</caption>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Date</th>
                  <th scope="col">Period</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {s.invoices.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.hostedInvoiceUrl ? (
                        <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                          {i.number ?? i.stripeInvoiceId}
                          <span className="visually-hidden"> (opens Stripe in a new tab)</span>
                        </a>
                      ) : (
                        (i.number ?? i.stripeInvoiceId)
                      )}
                    </th>
                    <td>{formatDate(i.createdAt)}</td>
                    <td>{i.periodStart ? `${formatDate(i.periodStart)} – ${formatDate(i.periodEnd)}` : '—'}</td>
                    <td>{formatMoney(i.amountCents, i.currency)}</td>
                    <td>
                      <StatusBadge status={i.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <ConfirmDialog
        open={!!changeTo}
        title={`Switch to ${changeTo?.name ?? ''}?`}
        message={
          <p>
            Your subscription moves to {changeTo?.name} ({changeTo ? priceLabel(changeTo) : ''}) now. Stripe prorates the difference on your next invoice.
          </p>
        }
        confirmLabel={`Switch to ${changeTo?.name ?? ''}`}
        pending={changePlan.isPending}
        error={changePlan.error ? isNotConfigured(changePlan.error) ? <LocalModeNotice /> : <ErrorSummary error={changePlan.error} /> : null}
        onConfirm={() => changeTo?.priceId && changePlan.mutate(changeTo.priceId)}
        onClose={() => {
          changePlan.reset();
          setChangeTo(null);
        }}
      />
    </>
  );
}

function PastDue({ summary }: { summary: BillingSummary }) {
  const [now] = useState(() => new Date());
  const text = pastDueText(summary, now);
  if (!text) return null;
  return (
    <div className="notice notice-danger" role="alert">
      <strong>{text.title}</strong> {text.detail}
    </div>
  );
}

function PlanCard({
  plan: p,
  action,
  busy,
  pending,
  onCheckout,
  onChange,
}: {
  plan: Plan;
  action: ReturnType<typeof planAction>;
  busy: boolean;
  pending: boolean;
  onCheckout: (priceId: string) => void;
  onChange: () => void;
}) {
  const e = p.entitlements;
  const headingId = `plan-${p.id}`;
  return (
    <li className={`card plan-card${action.kind === 'current' ? ' is-current' : ''}`} aria-labelledby={headingId}>
      <div className="card-head">
        <h3 className="card-title" id={headingId}>
          {p.name}
        </h3>
        {action.kind === 'current' && <Badge tone="success">Current plan</Badge>}
      </div>
      <p className="plan-price">{priceLabel(p)}</p>
      {p.description && <p className="small muted">{p.description}</p>}
      <ul className="plan-features small">
        <li>{limitText(e.seats, 'seats')}</li>
        <li>{limitText(e.publishedScenarios, 'published scenarios')}</li>
        <li>{limitText(e.voiceMinutesPerMonth, 'voice minutes a month')}</li>
        {e.features.map((f) => (
          <li key={f}>{featureLabels[f] ?? f.replace(/_/g, ' ')}</li>
        ))}
      </ul>
      {action.kind === 'checkout' && (
        <button type="button" className="button primary" disabled={busy} onClick={() => onCheckout(action.priceId)}>
          {pending ? 'Opening checkout…' : `Choose ${p.name}`}
        </button>
      )}
      {action.kind === 'change' && (
        <button type="button" className="button primary" disabled={busy} onClick={onChange}>
          Switch to {p.name}
        </button>
      )}
      {action.kind === 'free' && <p className="hint">Nothing to buy: cancel the paid subscription in the Stripe portal to return to {p.name} at the end of the period.</p>}
      {action.kind === 'unavailable' && (
        <>
          <button type="button" className="button secondary" disabled aria-describedby={`${headingId}-why`}>
            Choose {p.name}
          </button>
          <span className="hint" id={`${headingId}-why`}>
            {action.reason}
          </span>
        </>
      )}
    </li>
  );
}

function AddOnCard({
  addOn: a,
  currentPlan,
  stripeConfigured,
  busy,
  onBuy,
}: {
  addOn: AddOn;
  currentPlan: Plan;
  stripeConfigured: boolean;
  busy: boolean;
  onBuy: (quantity: number) => void;
}) {
  const [quantity, setQuantity] = useState('1');
  const available = a.availableOn.includes(currentPlan.id);
  const reason = !stripeConfigured
    ? 'Purchases need Stripe, which is not configured.'
    : !available
      ? `Available on the ${a.availableOn.join(', ')} plans.`
      : !a.purchasable || !a.priceId
        ? 'Not available for purchase here.'
        : null;
  const qty = Math.max(1, Math.min(100, Math.floor(Number(quantity)) || 1));
  const headingId = `addon-${a.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 className="card-title" id={headingId}>
        {a.name}
      </h3>
      <p className="plan-price">{priceLabel(a)}</p>
      <p className="small muted">
        {a.description ?? `${a.sims} SIM${a.sims === 1 ? '' : 's'}`}
      </p>
      <div className="add-row">
        <div className="field">
          <label htmlFor={`${headingId}-qty`}>Quantity</label>
          <input id={`${headingId}-qty`} className="narrow" type="number" min={1} max={100} value={quantity} disabled={!!reason} onChange={(e) => setQuantity(e.target.value)} />
        </div>
        <button type="button" className="button primary" disabled={!!reason || busy} aria-describedby={reason ? `${headingId}-why` : undefined} onClick={() => onBuy(qty)}>
          Buy<span className="visually-hidden"> {a.name}</span>
        </button>
      </div>
      {reason && (
        <span className="hint" id={`${headingId}-why`}>
          {reason}
        </span>
      )}
    </li>
  );
}
