import { describe, expect, it } from 'vitest';
import { microphoneErrorState } from './microphone';
import { toVapiAssistant } from './vapiAssistant';

describe('microphone errors', () => {
  it('tells denial, a missing device and a busy device apart', () => {
    expect(microphoneErrorState(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(microphoneErrorState(new DOMException('no', 'SecurityError'))).toBe('denied');
    expect(microphoneErrorState(new DOMException('none', 'NotFoundError'))).toBe('no-device');
    expect(microphoneErrorState(new DOMException('busy', 'NotReadableError'))).toBe('busy');
    expect(microphoneErrorState(new Error('odd'))).toBe('unknown');
  });
});

describe('toVapiAssistant', () => {
  it('passes the prompt as a system message and keeps the metadata that ties the call to the attempt', () => {
    const assistant = toVapiAssistant({
      attemptId: 'a1',
      name: 'Cold call',
      model: { provider: 'openai', model: 'gpt-4', systemPrompt: 'You are Sarah.', temperature: 0.7 },
      voice: { provider: 'elevenlabs', voiceId: 'sarah' },
      transcriber: { provider: 'deepgram', model: 'nova-2', language: 'en-US' },
      recordingEnabled: true,
      endCallFunctionEnabled: true,
      maxDurationSeconds: 120,
      metadata: { scenario_id: 's1', attempt_id: 'a1' },
      server: { url: 'https://example.test/api/webhooks/vapi', credentialId: null },
    });
    expect(assistant.model).toEqual({ provider: 'openai', model: 'gpt-4', temperature: 0.7, messages: [{ role: 'system', content: 'You are Sarah.' }] });
    expect(assistant.metadata).toEqual({ scenario_id: 's1', attempt_id: 'a1' });
    expect(assistant.artifactPlan).toEqual({ recordingEnabled: true });
    expect(assistant.server).toEqual({ url: 'https://example.test/api/webhooks/vapi' });
    expect(assistant.maxDurationSeconds).toBe(120);
  });
});
