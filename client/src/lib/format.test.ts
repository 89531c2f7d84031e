import { describe, expect, it } from 'vitest';
import { describeDue, endOfDayIso, formatClock, formatDuration, toDateInput } from './format';
import { describePath, fieldId } from './fieldPath';

describe('format', () => {
  const now = new Date(2026, 10, 22, 10, 0);

  it('describes due dates relative to now', () => {
    expect(describeDue(null, now)).toBe('No due date');
    expect(describeDue(new Date(2026, 10, 22, 23, 59).toISOString(), now)).toBe('Due today');
    expect(describeDue(new Date(2026, 10, 23, 12, 0).toISOString(), now)).toBe('Due tomorrow');
    expect(describeDue(new Date(2026, 10, 29, 12, 0).toISOString(), now)).toBe('Due in 7 days');
    expect(describeDue(new Date(2026, 10, 20, 12, 0).toISOString(), now)).toBe('2 days overdue');
    expect(describeDue(new Date(2026, 10, 21, 12, 0).toISOString(), now)).toBe('1 day overdue');
    expect(describeDue(new Date(2026, 10, 22, 8, 0).toISOString(), now)).toBe('Overdue today');
  });

  it('turns a date input into the end of that local day and back', () => {
    const iso = endOfDayIso('2030-01-31')!;
    expect(toDateInput(iso)).toBe('2030-01-31');
    expect(new Date(iso).getHours()).toBe(23);
    expect(endOfDayIso('31/01/2030')).toBeNull();
  });

  it('formats clocks and durations', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(75.9)).toBe('1:15');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(330)).toBe('5 min 30 s');
    expect(formatDuration(120)).toBe('2 min');
  });

  it('names field paths for ids and people', () => {
    expect(fieldId('rubric[0].weight')).toBe('field-rubric-0-weight');
    expect(fieldId('title')).toBe('field-title');
    expect(describePath('rubric[1].weight')).toBe('Rubric 2, weight');
    expect(describePath('aiPrompt')).toBe('Ai prompt');
  });
});
