import { useEffect, useRef } from 'react';
import { Field, FieldErrors } from '../../components/Form';
import { fieldId } from '../../lib/fieldPath';
import { kpiInfo, kpiMetrics, type KpiMetric } from '../../lib/kpi';
import { move } from '../../lib/list';
import { changeKind, criterionErrors, criterionKinds, kindOrder, newCriterion, weightShares, type CriterionDraft, type CriterionKind } from './rubric';

/**
 * Edits a rubric: weighted criteria of the five kinds, each with the fields its kind needs,
 * reordered with Move up/down. Errors come keyed by the API's field paths (rubric[i].field).
 */
export function RubricEditor({
  value,
  onChange,
  errors = {},
}: {
  value: CriterionDraft[];
  onChange: (next: CriterionDraft[]) => void;
  errors?: Record<string, string[]>;
}) {
  const shares = weightShares(value);
  const focusAfter = useRef<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    focusAfter.current = null;
    (target === 'add' ? addRef.current : document.getElementById(target))?.focus();
  });

  const update = (index: number, patch: Partial<CriterionDraft>) => onChange(value.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  return (
    <div className="rubric-editor">
      <FieldErrors id={`${fieldId('rubric')}-error`} errors={errors['rubric']} />
      {value.length === 0 && <p className="muted">No criteria yet. A scenario needs at least one criterion to be published.</p>}
      <ol className="criteria">
        {value.map((c, i) => {
          const err = (field: string) => criterionErrors(errors, i, field);
          const path = (field: string) => `rubric[${i}].${field}`;
          const title = c.name.trim() || `Criterion ${i + 1}`;
          return (
            <li key={c.key} className="criterion">
              <fieldset>
                <legend>
                  {i + 1}. {title} <span className="muted small">· {shares[i]}% of the score</span>
                </legend>
                <div className="criterion-grid">
                  <Field label="Name" path={path('name')} errors={err('name')} hint="Shown to the trainee with their score" className="span-2">
                    {(p) => <input {...p} value={c.name} onChange={(e) => update(i, { name: e.target.value })} />}
                  </Field>
                  <Field label="Weight" path={path('weight')} errors={err('weight')} hint="1–100, relative to the others">
                    {(p) => <input {...p} type="number" min={1} max={100} inputMode="numeric" value={c.weight} onChange={(e) => update(i, { weight: e.target.value })} />}
                  </Field>
                  <Field label="Kind" path={path('kind')} errors={err('kind')} hint={criterionKinds[c.kind].help} className="span-3">
                    {(p) => (
                      <select {...p} value={c.kind} onChange={(e) => onChange(value.map((x, j) => (j === i ? changeKind(x, e.target.value as CriterionKind) : x)))}>
                        {kindOrder.map((k) => (
                          <option key={k} value={k}>
                            {criterionKinds[k].label}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  {c.kind === 'kpi_range' && (
                    <>
                      <Field label="KPI" path={path('kpi')} errors={err('kpi')} hint="Measured on the trainee's side">
                        {(p) => (
                          <select {...p} value={c.kpi} onChange={(e) => update(i, { kpi: e.target.value as KpiMetric | '' })}>
                            <option value="">Choose a KPI</option>
                            {kpiMetrics.map((m) => (
                              <option key={m} value={m}>
                                {kpiInfo[m].label}
                                {kpiInfo[m].unit ? ` (${kpiInfo[m].unit})` : ''}
                              </option>
                            ))}
                          </select>
                        )}
                      </Field>
                      <Field label="Minimum" path={path('min')} errors={err('min')} hint="Leave empty for none">
                        {(p) => <input {...p} type="number" step="any" value={c.min} onChange={(e) => update(i, { min: e.target.value })} />}
                      </Field>
                      <Field label="Maximum" path={path('max')} errors={err('max')} hint="Leave empty for none">
                        {(p) => <input {...p} type="number" step="any" value={c.max} onChange={(e) => update(i, { max: e.target.value })} />}
                      </Field>
                    </>
                  )}
                  {(c.kind === 'required_phrases' || c.kind === 'forbidden_phrases') && (
                    <Field label="Phrases" path={path('phrases')} errors={err('phrases')} hint="One per line; matched case-insensitively in what the trainee says" className="span-3">
                      {(p) => <textarea {...p} rows={3} value={c.phrases} onChange={(e) => update(i, { phrases: e.target.value })} />}
                    </Field>
                  )}
                  {c.kind === 'minimum_questions' && (
                    <Field label="At least this many questions" path={path('min')} errors={err('min')}>
                      {(p) => <input {...p} type="number" min={1} max={200} value={c.min} onChange={(e) => update(i, { min: e.target.value })} />}
                    </Field>
                  )}
                  {c.kind === 'model_evaluation' && (
                    <Field label="What to judge" path={path('instructions')} errors={err('instructions')} className="span-3">
                      {(p) => <textarea {...p} rows={3} value={c.instructions} onChange={(e) => update(i, { instructions: e.target.value })} />}
                    </Field>
                  )}
                </div>
                <div className="button-row">
                  <button
                    type="button"
                    className="button secondary small"
                    id={`${c.key}-up`}
                    disabled={i === 0}
                    onClick={() => {
                      focusAfter.current = i - 1 === 0 ? `${c.key}-down` : `${c.key}-up`;
                      onChange(move(value, i, -1));
                    }}
                  >
                    Move up<span className="visually-hidden">: criterion {i + 1}</span>
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    id={`${c.key}-down`}
                    disabled={i === value.length - 1}
                    onClick={() => {
                      focusAfter.current = i + 1 === value.length - 1 ? `${c.key}-up` : `${c.key}-down`;
                      onChange(move(value, i, 1));
                    }}
                  >
                    Move down<span className="visually-hidden">: criterion {i + 1}</span>
                  </button>
                  <button
                    type="button"
                    className="button danger-outline small"
                    onClick={() => {
                      const next = value[i + 1] ?? value[i - 1];
                      focusAfter.current = next ? fieldId(`rubric[${next === value[i + 1] ? i : i - 1}].name`) : 'add';
                      onChange(value.filter((_, j) => j !== i));
                    }}
                  >
                    Remove<span className="visually-hidden">: criterion {i + 1}</span>
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        ref={addRef}
        type="button"
        className="button secondary"
        onClick={() => {
          focusAfter.current = fieldId(`rubric[${value.length}].name`);
          onChange([...value, newCriterion()]);
        }}
      >
        Add criterion
      </button>
    </div>
  );
}
