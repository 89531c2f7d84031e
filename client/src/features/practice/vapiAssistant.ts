import type { Schemas } from '../../api/client';

/**
 * The assistant the Vapi web SDK starts, from the API's call configuration. The API serves the
 * integration document's shape (model.systemPrompt, recordingEnabled); the SDK's assistant takes
 * the prompt as a system message and recording under artifactPlan. The metadata ties the call's
 * webhooks to the attempt the API created.
 */
export function toVapiAssistant(config: Schemas['CallConfigDto']) {
  return {
    name: config.name,
    model: {
      provider: config.model.provider,
      model: config.model.model,
      temperature: config.model.temperature,
      messages: [{ role: 'system', content: config.model.systemPrompt }],
    },
    voice: { provider: config.voice.provider, voiceId: config.voice.voiceId },
    transcriber: { provider: config.transcriber.provider, model: config.transcriber.model, language: config.transcriber.language },
    artifactPlan: { recordingEnabled: config.recordingEnabled },
    endCallFunctionEnabled: config.endCallFunctionEnabled,
    // Vapi hangs up here: the length the organization's voice settings allow a call.
    maxDurationSeconds: config.maxDurationSeconds,
    metadata: { ...config.metadata },
    ...(config.server ? { server: { url: config.server.url, ...(config.server.credentialId ? { credentialId: config.server.credentialId } : {}) } } : {}),
  };
}
