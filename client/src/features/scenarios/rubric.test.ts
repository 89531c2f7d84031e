import { describe, expect, it } from 'vitest';
import { changeKind, criterionErrors, describeCriterion, fromDto, newCriterion, toDto, weightShares, type CriterionDraft } from './rubric';

const draft = (patch: Partial<CriterionDraft>): CriterionDraft => ({ ...newCriterion('kpi_range'), name: 'x', ...patch });

describe('toDto', () => {
  it('sends only the fields a KPI criterion uses', () => {
    const dto = toDto(draft({ kind: 'kpi_range', kpi: 'talk_ratio', min: '35', max: ' 55 ', phrases: 'leftover', instructions: 'leftover' }));
    expect(dto).toEqual({ name: 'x', weight: 1, kind: 'kpi_range', kpi: 'talk_ratio', min: 35, max: 55, phrases: [], instructions: null });
  });

  it('leaves an empty bound out and reads a decimal comma', () => {
    const dto = toDto(draft({ kpi: 'filler_words_per_minute', min: '', max: '2,5' }));
    expect(dto.min).toBeNull();
    expect(dto.max).toBe(2.5);
  });

  it('splits phrases by line, trimmed, without blank lines', () => {
    const dto = toDto(draft({ kind: 'required_phrases', phrases: ' next step \n\n  book a meeting\n', min: '3' }));
    expect(dto.phrases).toEqual(['next step', 'book a meeting']);
    expect(dto.min).toBeNull();
    expect(dto.kpi).toBeNull();
  });

  it('keeps the question count for minimum questions and instructions for model evaluation', () => {
    expect(toDto(draft({ kind: 'minimum_questions', min: '5', max: '9' }))).toMatchObject({ min: 5, max: null, kpi: null });
    expect(toDto(draft({ kind: 'model_evaluation', instructions: '  Was the close confident? ' }))).toMatchObject({ instructions: 'Was the close confident?', min: null });
    expect(toDto(draft({ kind: 'model_evaluation', instructions: '   ' })).instructions).toBeNull();
  });

  it('sends a weight that is not a number as 0 so the API names the field', () => {
    expect(toDto(draft({ weight: 'abc' })).weight).toBe(0);
  });

  it('round-trips through fromDto', () => {
    const dto = toDto(draft({ kind: 'forbidden_phrases', phrases: 'to be honest\ntrust me', weight: '3' }));
    expect(toDto(fromDto(dto))).toEqual(dto);
  });
});

describe('changeKind', () => {
  it('keeps what was typed and fills sensible defaults for the new kind', () => {
    const c = draft({ kind: 'required_phrases', kpi: '', phrases: 'hello', min: '' });
    const asKpi = changeKind(c, 'kpi_range');
    expect(asKpi.kpi).toBe('talk_ratio');
    expect(asKpi.phrases).toBe('hello');
    expect(changeKind(c, 'minimum_questions').min).toBe('3');
    expect(changeKind(changeKind(c, 'kpi_range'), 'required_phrases').phrases).toBe('hello');
  });
});

describe('weightShares', () => {
  it('gives each criterion its share of the total weight', () => {
    expect(weightShares([draft({ weight: '3' }), draft({ weight: '1' })])).toEqual([75, 25]);
    expect(weightShares([draft({ weight: '' }), draft({ weight: '-2' })])).toEqual([0, 0]);
  });
});

describe('criterionErrors', () => {
  it('collects a field and its items, case-insensitively', () => {
    const errors = { 'rubric[1].phrases': ['A phrase criterion lists at least one phrase.'], 'rubric[1].phrases[0]': ['Too long.'], 'Rubric[0].Weight': ['Between 1 and 100.'] };
    expect(criterionErrors(errors, 1, 'phrases')).toEqual(['A phrase criterion lists at least one phrase.', 'Too long.']);
    expect(criterionErrors(errors, 0, 'weight')).toEqual(['Between 1 and 100.']);
    expect(criterionErrors(errors, 0, 'name')).toBeUndefined();
  });
});

describe('describeCriterion', () => {
  it('says what each kind checks', () => {
    expect(describeCriterion(toDto(draft({ kpi: 'talk_ratio', min: '35', max: '55' })))).toBe('Talk ratio between 35 and 55%');
    expect(describeCriterion(toDto(draft({ kpi: 'words_per_minute', min: '', max: '170' })))).toBe('Speaking pace at most 170 wpm');
    expect(describeCriterion(toDto(draft({ kind: 'required_phrases', phrases: 'next step' })))).toBe('Say "next step"');
    expect(describeCriterion(toDto(draft({ kind: 'forbidden_phrases', phrases: 'trust me\nhonestly' })))).toBe('Avoid "trust me", "honestly"');
    expect(describeCriterion(toDto(draft({ kind: 'minimum_questions', min: '1' })))).toBe('Ask at least 1 question');
  });
});
