import { describe, expect, it } from 'vitest';
import { bandPosition, bandText, formatKpi, gaugeScale, positionText, ratioText, type KpiBand } from './kpi';

const band = (patch: Partial<KpiBand>): KpiBand => ({ metric: 'talk_ratio', value: 63, min: 40, max: 50, target: 43, unit: '%', withinBenchmark: false, source: 'study', ...patch });

describe('KPI display', () => {
  it('formats values with their unit and precision', () => {
    expect(formatKpi('talk_ratio', 62.6)).toBe('63%');
    expect(formatKpi('words_per_minute', 149.6)).toBe('150 wpm');
    expect(formatKpi('filler_words_per_minute', 5.77)).toBe('5.8 /min');
    expect(formatKpi('questions_asked', 6)).toBe('6');
    expect(formatKpi('patience_seconds', null)).toBe('—');
  });

  it('writes the talk ratio as trainee:buyer', () => {
    expect(ratioText(43)).toBe('43:57');
    expect(ratioText(62.6)).toBe('63:37');
  });

  it('describes the benchmark band, with the 43:57 talk-ratio target', () => {
    expect(bandText(band({}))).toBe('40–50% (target 43:57)');
    expect(bandText(band({ metric: 'filler_words_per_minute', min: null, max: 1, target: null }))).toBe('at most 1 /min');
    expect(bandText(band({ metric: 'questions_asked', min: 11, max: null, target: null }))).toBe('at least 11');
    expect(bandText(band({ metric: 'words_per_minute', min: 110, max: 175, target: 150 }))).toBe('110–175 wpm (target 150 wpm)');
  });

  it('places the value above, below or within the band', () => {
    expect(bandPosition(band({}))).toBe('above');
    expect(positionText(band({}))).toBe('Above benchmark');
    expect(bandPosition(band({ metric: 'questions_asked', value: 6, min: 11, max: 14 }))).toBe('below');
    expect(bandPosition(band({ value: 45, withinBenchmark: true }))).toBe('within');
  });

  it('scales the gauge: talk ratio on 0–100, others to a little past the largest number', () => {
    expect(gaugeScale(band({}))).toEqual({ value: 63, from: 40, to: 50, target: 43 });
    const wpm = gaugeScale(band({ metric: 'words_per_minute', value: 200, min: 110, max: 175, target: null }));
    expect(wpm.value).toBeCloseTo(80);
    expect(wpm.from).toBeCloseTo(44);
    expect(wpm.target).toBeNull();
    expect(gaugeScale(band({ metric: 'filler_words_per_minute', value: 0, min: null, max: 1, target: null })).to).toBeCloseTo(80);
  });
});
