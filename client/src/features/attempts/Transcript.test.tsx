import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Transcript } from './Transcript';
import type { Schemas } from '../../api/client';

const turns: Schemas['TranscriptTurnDto'][] = [
  { role: 'assistant', text: 'Hello, this is Dana.', timestampMs: 0 },
  { role: 'user', text: 'Hi Dana, I am calling about your renewal.', timestampMs: 2500 },
];

describe('Transcript', () => {
  it('makes the timestamps seek buttons when there is a recording', () => {
    const onSeek = vi.fn();
    render(<Transcript turns={turns} buyerName="Dana" onSeek={onSeek} />);
    screen.getByRole('button', { name: 'Play from 0:02' }).click();
    expect(onSeek).toHaveBeenCalledWith(2.5);
    expect(screen.getByRole('list')).not.toHaveAttribute('tabindex');
  });

  it('lets the keyboard reach the scrolling list when there is no recording to seek', () => {
    render(<Transcript turns={turns} buyerName="Dana" />);
    expect(screen.queryByRole('button')).toBeNull();
    const list = screen.getByRole('list', { name: 'Transcript' });
    expect(list).toHaveAttribute('tabindex', '0');
    expect(screen.getByText('Trainee')).toBeInTheDocument();
  });
});
