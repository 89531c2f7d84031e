import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { KpiCards } from './KpiCards';
import type { Schemas } from '../../api/client';

const kpis = {
  callDurationSeconds: 77, turnCount: 13, traineeTurnCount: 6, aiTurnCount: 7, traineeTalkSeconds: 41.6, aiTalkSeconds: 24.4,
  traineeSharePercent: 63, aiSharePercent: 37, talkListenRatio: '63:37', traineeWordCount: 104, wordsPerMinute: 150,
  fillerWordCount: 4, fillerWordsPerMinute: 5.77, fillerWords: [{ word: 'um', count: 3 }, { word: 'like', count: 1 }],
  longestMonologueSeconds: 8.4, questionsAsked: 6, speakerSwitches: 12, switchesPerMinute: 9.35, patienceSeconds: 0.9, patienceSamples: 6, interruptions: 0,
} satisfies Schemas['ConversationKpisDto'];

const bands: Schemas['KpiBandDto'][] = [
  { metric: 'talk_ratio', value: 63, min: 40, max: 50, target: 43, unit: '%', withinBenchmark: false, source: 'Gong Labs' },
  { metric: 'words_per_minute', value: 150, min: 110, max: 175, target: 150, unit: 'words per minute', withinBenchmark: true, source: 'Studies' },
  { metric: 'filler_words_per_minute', value: 5.77, min: null, max: 1, target: null, unit: 'per minute', withinBenchmark: false, source: 'Coaches' },
];

describe('KpiCards', () => {
  it('shows each KPI against its band', () => {
    render(<KpiCards bands={bands} kpis={kpis} />);
    const talk = screen.getByRole('article', { name: 'Talk ratio' });
    expect(within(talk).getByText('63:37')).toBeInTheDocument();
    expect(within(talk).getByText(/Above benchmark/)).toBeInTheDocument();
    expect(within(talk).getByText('Benchmark: 40–50% (target 43:57)')).toBeInTheDocument();

    const pace = screen.getByRole('article', { name: 'Speaking pace' });
    expect(within(pace).getByText('150 wpm')).toBeInTheDocument();
    expect(within(pace).getByText(/On benchmark/)).toBeInTheDocument();

    const fillers = screen.getByRole('article', { name: 'Filler words' });
    expect(within(fillers).getByText('Benchmark: at most 1 /min')).toBeInTheDocument();
    expect(within(fillers).getByText('Heard: "um" ×3, "like" ×1')).toBeInTheDocument();
  });

  it('says so when nothing was measured', () => {
    render(<KpiCards bands={[]} kpis={kpis} />);
    expect(screen.getByText('No KPIs were measured for this call.')).toBeInTheDocument();
  });
});
