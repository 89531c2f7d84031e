/** Where the browser stands on microphone access, before or after asking. */
export type MicState = 'unknown' | 'prompt' | 'granted' | 'denied' | 'no-device' | 'busy' | 'insecure' | 'unsupported';

/** Reads the permission without prompting, where the browser can tell. */
export async function queryMicrophonePermission(): Promise<MicState> {
  if (!window.isSecureContext) return 'insecure';
  if (!navigator.mediaDevices?.getUserMedia) return 'unsupported';
  try {
    const status = await navigator.permissions?.query({ name: 'microphone' as PermissionName });
    if (!status) return 'unknown';
    return status.state === 'granted' ? 'granted' : status.state === 'denied' ? 'denied' : 'prompt';
  } catch {
    return 'unknown'; // Firefox and older Safari cannot query the microphone permission.
  }
}

/** Asks for the microphone (the browser prompts if it has not been decided) and releases it again. */
export async function requestMicrophone(): Promise<MicState> {
  if (!window.isSecureContext) return 'insecure';
  if (!navigator.mediaDevices?.getUserMedia) return 'unsupported';
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.getTracks().forEach((t) => t.stop());
    return 'granted';
  } catch (e) {
    return microphoneErrorState(e);
  }
}

export function microphoneErrorState(error: unknown): MicState {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no-device';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'unknown';
  }
}

export const microphoneHelp: Record<Exclude<MicState, 'granted' | 'prompt' | 'unknown'>, { title: string; steps: string[] }> = {
  denied: {
    title: 'Microphone access is blocked',
    steps: [
      'Click the lock or site-settings icon at the left of the address bar.',
      'Set Microphone to "Allow" for this site.',
      'Reload the page and start the call again.',
    ],
  },
  'no-device': {
    title: 'No microphone found',
    steps: ['Connect a headset or microphone.', 'Check that it is selected as the input device in your system sound settings.', 'Then try again.'],
  },
  busy: {
    title: 'The microphone is in use or could not start',
    steps: ['Close other apps or tabs that use the microphone (video calls, recorders).', 'Unplug and reconnect the headset, then try again.'],
  },
  insecure: {
    title: 'Microphone needs a secure connection',
    steps: ['Browsers only allow the microphone on https:// pages or on localhost.', 'Open the app over https, or on localhost while developing.'],
  },
  unsupported: {
    title: 'This browser cannot record audio',
    steps: ['Use a current version of Chrome, Edge, Firefox or Safari.'],
  },
};
