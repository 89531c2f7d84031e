import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RubricEditor } from './RubricEditor';
import { newCriterion, toDto, type CriterionDraft } from './rubric';

function Harness({ initial, errors, onValue }: { initial: CriterionDraft[]; errors?: Record<string, string[]>; onValue?: (v: CriterionDraft[]) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <RubricEditor
      value={value}
      errors={errors}
      onChange={(v) => {
        setValue(v);
        onValue?.(v);
      }}
    />
  );
}

const named = (name: string, patch: Partial<CriterionDraft> = {}) => ({ ...newCriterion('kpi_range'), name, ...patch });

describe('RubricEditor', () => {
  it('adds a criterion and moves focus to its name', async () => {
    const user = userEvent.setup();
    let latest: CriterionDraft[] = [];
    render(<Harness initial={[]} onValue={(v) => (latest = v)} />);
    expect(screen.getByText(/No criteria yet/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add criterion' }));
    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(name).toHaveFocus();
    await user.type(name, 'Balanced talk');
    expect(latest[0]?.name).toBe('Balanced talk');
    expect(screen.getByRole('group', { name: /1\. Balanced talk/ })).toHaveTextContent('100% of the score');
  });

  it('shows the fields of the chosen kind', async () => {
    const user = userEvent.setup();
    let latest: CriterionDraft[] = [];
    render(<Harness initial={[named('Ask for the meeting')]} onValue={(v) => (latest = v)} />);
    expect(screen.getByRole('combobox', { name: 'KPI' })).toHaveValue('talk_ratio');
    expect(screen.getByRole('spinbutton', { name: 'Maximum' })).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'required_phrases');
    expect(screen.queryByRole('combobox', { name: 'KPI' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Phrases' }), 'next step{enter}book a time');
    expect(toDto(latest[0]!).phrases).toEqual(['next step', 'book a time']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'minimum_questions');
    expect(screen.getByRole('spinbutton', { name: 'At least this many questions' })).toHaveValue(3);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'model_evaluation');
    expect(screen.getByRole('textbox', { name: 'What to judge' })).toBeInTheDocument();
  });

  it('reorders with Move up/down and keeps focus on the moved criterion', async () => {
    const user = userEvent.setup();
    let latest: CriterionDraft[] = [];
    render(<Harness initial={[named('First'), named('Second'), named('Third')]} onValue={(v) => (latest = v)} />);
    expect(screen.getByRole('button', { name: 'Move up: criterion 1' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Move down: criterion 1' }));
    expect(latest.map((c) => c.name)).toEqual(['Second', 'First', 'Third']);
    expect(screen.getByRole('button', { name: 'Move down: criterion 2' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Move down: criterion 2' }));
    expect(latest.map((c) => c.name)).toEqual(['Second', 'Third', 'First']);
    // At the bottom "down" is disabled, so focus goes to "up".
    expect(screen.getByRole('button', { name: 'Move up: criterion 3' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Remove: criterion 1' }));
    expect(latest.map((c) => c.name)).toEqual(['Third', 'First']);
    expect(screen.getAllByRole('textbox', { name: 'Name' })[0]).toHaveFocus();
  });

  it('puts the API field errors next to their fields', () => {
    render(
      <Harness
        initial={[named('A'), named('B', { kind: 'required_phrases' })]}
        errors={{ 'rubric[0].weight': ["'Weight' must be between 1 and 100."], 'rubric[1].phrases': ['A phrase criterion lists at least one phrase.'] }}
      />,
    );
    const weights = screen.getAllByRole('spinbutton', { name: 'Weight' });
    expect(weights[0]).toHaveAttribute('aria-invalid', 'true');
    expect(weights[0]).toHaveAccessibleDescription(/must be between 1 and 100/);
    expect(weights[1]).not.toHaveAttribute('aria-invalid');
    const second = screen.getByRole('group', { name: /2\. B/ });
    expect(within(second).getByRole('textbox', { name: 'Phrases' })).toHaveAccessibleDescription(/at least one phrase/);
  });
});
