import { describe, expect, it } from 'vitest';
import { transcriptToVtt } from './captions';

describe('transcriptToVtt', () => {
  it('writes one cue per turn with speakers, using the next turn when a turn has no end', () => {
    const vtt = transcriptToVtt(
      [
        { role: 'assistant', text: 'Hello, this is Sarah.', timestampMs: 800, endMs: 2400 },
        { role: 'user', text: 'Hi --> Sarah', timestampMs: 3300, endMs: null },
        { role: 'assistant', text: 'Yes?', timestampMs: 3_723_450 },
      ],
      { user: 'You', assistant: 'AI buyer' },
    );
    expect(vtt).toBe(
      'WEBVTT\n\n' +
        '1\n00:00:00.800 --> 00:00:02.400\n<v AI buyer>Hello, this is Sarah.\n\n' +
        '2\n00:00:03.300 --> 01:02:03.450\n<v You>Hi → Sarah\n\n' +
        '3\n01:02:03.450 --> 01:02:07.450\n<v AI buyer>Yes?\n',
    );
  });
});
