import type { Schemas } from '../api/client';
import { round } from './format';

export type KpiMetric = Schemas['KpiMetric'];
export type KpiBand = Schemas['KpiBandDto'];

interface KpiInfo {
  label: string;
  /** How the value reads ("63%", "150 wpm"). */
  unit: string;
  digits: number;
  /** What the KPI measures, for the card. */
  help: string;
}

/** Presentation of each KPI the API reports (names and units; the values and bands come from the API). */
export const kpiInfo = {
  talk_ratio: { label: 'Talk ratio', unit: '%', digits: 0, help: 'Your share of the talking time.' },
  filler_words_per_minute: { label: 'Filler words', unit: '/min', digits: 1, help: '"Um", "like", "basically"… per minute of your speech.' },
  words_per_minute: { label: 'Speaking pace', unit: 'wpm', digits: 0, help: 'Words per minute while you speak.' },
  longest_monologue_seconds: { label: 'Longest monologue', unit: 's', digits: 0, help: 'Your longest stretch of talking without a break.' },
  questions_asked: { label: 'Questions asked', unit: '', digits: 0, help: 'Questions you asked the buyer.' },
  switches_per_minute: { label: 'Speaker switches', unit: '/min', digits: 1, help: 'How often the conversation changes hands.' },
  patience_seconds: { label: 'Patience', unit: 's', digits: 1, help: 'Average pause before you answer after the buyer stops.' },
} satisfies Record<KpiMetric, KpiInfo>;

export const kpiMetrics = Object.keys(kpiInfo) as KpiMetric[];

export function formatKpi(metric: KpiMetric, value: number | null | undefined): string {
  if (value == null || Number.isNaN(value)) return '—';
  const info = kpiInfo[metric];
  const n = round(value, info.digits);
  if (!info.unit) return String(n);
  return info.unit === '%' ? `${n}%` : `${n} ${info.unit}`;
}

/** "43:57" from a trainee share in percent. */
export function ratioText(traineePercent: number): string {
  const t = Math.round(traineePercent);
  return `${t}:${100 - t}`;
}

export type BandPosition = 'within' | 'below' | 'above';

export function bandPosition(band: KpiBand): BandPosition {
  if (band.withinBenchmark) return 'within';
  if (band.min != null && band.value < band.min) return 'below';
  if (band.max != null && band.value > band.max) return 'above';
  return 'within';
}

/** The benchmark as words: "40–50% (target 43:57)", "at most 1 /min", "at least 11". */
export function bandText(band: KpiBand): string {
  const m = band.metric;
  const f = (v: number) => formatKpi(m, v);
  let text: string;
  if (band.min != null && band.max != null) {
    const lo = round(band.min, kpiInfo[m].digits);
    text = kpiInfo[m].unit === '%' ? `${lo}–${f(band.max)}` : `${lo}–${f(band.max)}`;
  } else if (band.max != null) text = `at most ${f(band.max)}`;
  else if (band.min != null) text = `at least ${f(band.min)}`;
  else text = 'no benchmark';
  if (band.target != null) text += m === 'talk_ratio' ? ` (target ${ratioText(band.target)})` : ` (target ${f(band.target)})`;
  return text;
}

export function positionText(band: KpiBand): string {
  const p = bandPosition(band);
  if (p === 'within') return 'On benchmark';
  return p === 'above' ? 'Above benchmark' : 'Below benchmark';
}

/**
 * Where the value and band sit on a 0–100% scale for a gauge: the scale runs from 0 to a little
 * past the larger of the value and the band's upper edge.
 */
export function gaugeScale(band: KpiBand) {
  const top = Math.max(band.value, band.max ?? 0, band.min ?? 0, band.target ?? 0) * 1.25 || 1;
  const max = band.metric === 'talk_ratio' ? 100 : top;
  const pct = (v: number) => Math.min(100, Math.max(0, (v / max) * 100));
  return {
    value: pct(band.value),
    from: pct(band.min ?? 0),
    to: band.max != null ? pct(band.max) : 100,
    target: band.target != null ? pct(band.target) : null,
  };
}
