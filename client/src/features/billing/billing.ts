import type { Schemas } from '../../api/client';
import type { Tone } from '../../components/tones';
import { formatDate } from '../../lib/format';

export type Usage = Schemas['UsageDto'];
export type Plan = Schemas['PlanDto'];
export type AddOn = Schemas['AddOnDto'];
export type BillingSummary = Schemas['BillingSummaryDto'];
export type VoiceSims = Schemas['VoiceSimsDto'];
export type VoiceSimMember = Schemas['VoiceSimMemberDto'];
export type VoiceAddOnLine = Schemas['VoiceAddOnLineDto'];

export interface UsageLevel {
  /** 0–100 for the bar (capped), null when the plan has no limit. */
  percent: number | null;
  tone: Tone;
  /** "12 of 50", "12.5 of 500", "7 (unlimited)". */
  text: string;
  /** Said after the numbers: "Limit reached", "Almost used up". */
  note: string | null;
}

/** Used of allowed, as a bar: warning from 80 %, danger when the limit is reached. */
export function usageLevel(usage: Usage, unit = ''): UsageLevel {
  const used = formatNumber(usage.used);
  const suffix = unit ? ` ${unit}` : '';
  if (usage.allowed == null) return { percent: null, tone: 'neutral', text: `${used}${suffix} (unlimited)`, note: null };
  const allowed = usage.allowed;
  const share = allowed === 0 ? 100 : (usage.used / allowed) * 100;
  const percent = Math.min(100, Math.round(share));
  const text = `${used} of ${formatNumber(allowed)}${suffix}`;
  if (usage.used >= allowed) return { percent, tone: 'danger', text, note: usage.used > allowed ? 'Over the limit' : 'Limit reached' };
  if (share >= 80) return { percent, tone: 'warning', text, note: 'Almost used up' };
  return { percent, tone: 'success', text, note: null };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString() : (Math.round(n * 10) / 10).toLocaleString();
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100);
}

/** "$199 / month", "Free", or "Custom pricing" for a plan without a listed amount. */
export function priceLabel(item: { amountCents?: number | null; currency: string; interval: string }): string {
  if (item.amountCents == null) return 'Custom pricing';
  if (item.amountCents === 0) return 'Free';
  return `${formatMoney(item.amountCents, item.currency)} / ${item.interval}`;
}

/** Whether the organization pays through a Stripe subscription now (so a plan change, not a new checkout). */
export function hasSubscription(summary: BillingSummary): boolean {
  return summary.status === 'active' || summary.status === 'trialing' || summary.status === 'past_due';
}

export type PlanAction =
  | { kind: 'current' }
  | { kind: 'checkout' | 'change'; priceId: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'free' };

/** What a plan card offers: it is the current plan, it can be bought (checkout or plan change), or why not. */
export function planAction(plan: Plan, summary: BillingSummary, stripeConfigured: boolean): PlanAction {
  if (plan.id === summary.plan.id) return { kind: 'current' };
  if (plan.amountCents === 0 && !plan.priceId) return { kind: 'free' };
  if (!stripeConfigured) return { kind: 'unavailable', reason: 'Purchases need Stripe, which is not configured.' };
  if (!plan.purchasable || !plan.priceId) return { kind: 'unavailable', reason: plan.amountCents == null ? 'Contact sales for this plan.' : 'Not available for purchase here.' };
  return hasSubscription(summary) ? { kind: 'change', priceId: plan.priceId } : { kind: 'checkout', priceId: plan.priceId };
}

export const featureLabels: Record<string, string> = {
  custom_personas: 'Custom AI personas',
  team_leaderboard: 'Team leaderboard',
  call_recordings: 'Call recordings',
  advanced_analytics: 'Advanced analytics',
  webhooks: 'Webhooks',
  api_access: 'API access',
  sso: 'Single sign-on',
  priority_support: 'Priority support',
};

export function limitText(n: number | null | undefined, unit: string): string {
  return n == null ? `Unlimited ${unit}` : `${n.toLocaleString()} ${unit}`;
}

/** The past-due warning: until when everything still works (the grace period), or since when the organization can only read. */
export function pastDueText(summary: BillingSummary, now: Date): { title: string; detail: string } | null {
  if (summary.status !== 'past_due') return null;
  const title = `A payment has failed${summary.pastDueSince ? ` (since ${formatDate(summary.pastDueSince)})` : ''}.`;
  const fix = 'Update the payment method in the Stripe portal.';
  if (!summary.readOnlyFrom) return { title, detail: fix };
  const readOnly = new Date(summary.readOnlyFrom).getTime() <= now.getTime();
  return {
    title,
    detail: readOnly
      ? `Since ${formatDate(summary.readOnlyFrom)} your organization can only read: nobody can practise, publish or change anything until the payment is fixed. ${fix}`
      : `Everything keeps working until ${formatDate(summary.readOnlyFrom)} (the grace period); after that your organization can only read until the payment is fixed. ${fix}`,
  };
}

/** What the Voice AI column says: on, off although a SIM is held (an admin's or billing's setting), or nothing without a SIM. */
export function voiceAiLabel(m: VoiceSimMember): { text: string; tone: Tone } {
  if (m.voiceAiEnabled) return { text: 'On', tone: 'success' };
  if (m.voiceAddOnActive) return { text: 'Off', tone: 'warning' };
  return { text: 'No SIM', tone: 'neutral' };
}
