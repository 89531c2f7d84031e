import type { Schemas } from '../../api/client';
import { kpiInfo, type KpiMetric } from '../../lib/kpi';

export type Criterion = Schemas['RubricCriterionDto'];
export type CriterionKind = Schemas['CriterionKind'];

/** A criterion as the editor holds it: number fields as typed, phrases one per line. */
export interface CriterionDraft {
  key: string;
  name: string;
  weight: string;
  kind: CriterionKind;
  kpi: KpiMetric | '';
  min: string;
  max: string;
  phrases: string;
  instructions: string;
}

export const criterionKinds = {
  kpi_range: { label: 'KPI in a range', help: 'Scores a conversation KPI against a minimum, a maximum or both.' },
  required_phrases: { label: 'Must say a phrase', help: 'Met when the trainee says any of the phrases.' },
  forbidden_phrases: { label: 'Must not say a phrase', help: 'Met when the trainee says none of the phrases.' },
  minimum_questions: { label: 'Asks enough questions', help: 'Met when the trainee asks at least this many questions.' },
  model_evaluation: { label: 'Judged by the AI model', help: 'A language model judges the call against your instructions (skipped when no model is configured).' },
} satisfies Record<CriterionKind, { label: string; help: string }>;

export const kindOrder = Object.keys(criterionKinds) as CriterionKind[];

let nextKey = 0;
const newKey = () => `c${++nextKey}`;

export function newCriterion(kind: CriterionKind = 'kpi_range'): CriterionDraft {
  return {
    key: newKey(),
    name: '',
    weight: '1',
    kind,
    kpi: kind === 'kpi_range' ? 'talk_ratio' : '',
    min: kind === 'minimum_questions' ? '3' : '',
    max: '',
    phrases: '',
    instructions: '',
  };
}

export function fromDto(c: Criterion): CriterionDraft {
  return {
    key: newKey(),
    name: c.name,
    weight: String(c.weight),
    kind: c.kind,
    kpi: c.kpi ?? '',
    min: c.min == null ? '' : String(c.min),
    max: c.max == null ? '' : String(c.max),
    phrases: c.phrases.join('\n'),
    instructions: c.instructions ?? '',
  };
}

function num(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function splitPhrases(text: string): string[] {
  return text
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The criterion the API takes: only the fields its kind uses, the others empty. */
export function toDto(d: CriterionDraft): Criterion {
  const base: Criterion = {
    name: d.name.trim(),
    weight: num(d.weight) ?? 0,
    kind: d.kind,
    kpi: null,
    min: null,
    max: null,
    phrases: [],
    instructions: null,
  };
  switch (d.kind) {
    case 'kpi_range':
      return { ...base, kpi: d.kpi || null, min: num(d.min), max: num(d.max) };
    case 'required_phrases':
    case 'forbidden_phrases':
      return { ...base, phrases: splitPhrases(d.phrases) };
    case 'minimum_questions':
      return { ...base, min: num(d.min) };
    case 'model_evaluation':
      return { ...base, instructions: d.instructions.trim() || null };
  }
}

/** Switches a criterion's kind; what was typed for another kind stays in the draft in case the user switches back. */
export function changeKind(d: CriterionDraft, kind: CriterionKind): CriterionDraft {
  const next = { ...d, kind };
  if (kind === 'kpi_range' && !next.kpi) next.kpi = 'talk_ratio';
  if (kind === 'minimum_questions' && next.min === '') next.min = '3';
  return next;
}

/** Each criterion's share of the score, in whole percents (0 where the weight is not a positive number). */
export function weightShares(list: readonly CriterionDraft[]): number[] {
  const weights = list.map((c) => Math.max(0, num(c.weight) ?? 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total > 0 ? Math.round((w / total) * 100) : 0));
}

/** One line a trainee can read: what the criterion checks. */
export function describeCriterion(c: Criterion): string {
  switch (c.kind) {
    case 'kpi_range': {
      const info = c.kpi ? kpiInfo[c.kpi] : null;
      const name = info?.label ?? 'KPI';
      const unit = info?.unit ? (info.unit === '%' ? '%' : ` ${info.unit}`) : '';
      if (c.min != null && c.max != null) return `${name} between ${c.min} and ${c.max}${unit}`;
      if (c.max != null) return `${name} at most ${c.max}${unit}`;
      if (c.min != null) return `${name} at least ${c.min}${unit}`;
      return name;
    }
    case 'required_phrases':
      return `Say ${c.phrases.length > 1 ? 'one of' : ''} ${c.phrases.map((p) => `"${p}"`).join(', ')}`.replace('  ', ' ');
    case 'forbidden_phrases':
      return `Avoid ${c.phrases.map((p) => `"${p}"`).join(', ')}`;
    case 'minimum_questions':
      return `Ask at least ${c.min ?? 1} question${c.min === 1 ? '' : 's'}`;
    case 'model_evaluation':
      return c.instructions ? `Judged by AI: ${c.instructions}` : 'Judged by AI';
  }
}

/** The API's errors for one criterion field, including those of its items ("rubric[0].phrases[2]"). */
export function criterionErrors(errors: Record<string, string[]>, index: number, field: string, prefix = 'rubric'): string[] | undefined {
  const key = `${prefix}[${index}].${field}`;
  const found = Object.entries(errors)
    .filter(([k]) => k.toLowerCase() === key.toLowerCase() || k.toLowerCase().startsWith(`${key.toLowerCase()}[`))
    .flatMap(([, v]) => v);
  return found.length ? found : undefined;
}
