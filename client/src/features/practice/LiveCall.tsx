import { useCallback, useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { errorMessage, planLimitOf, type PlanLimit } from '../../api/errors';
import { PlanLimitHelp } from '../../components/PlanLimit';
import { microphoneHelp, queryMicrophonePermission, requestMicrophone, type MicState } from './microphone';
import { toVapiAssistant } from './vapiAssistant';
import { AttemptWaiter } from './AttemptWaiter';

type Phase = 'idle' | 'checking' | 'connecting' | 'live' | 'ended' | 'error';
type Line = { role: string; text: string };

interface VapiLike {
  start: (assistant: never) => Promise<unknown>;
  stop: () => Promise<void> | void;
  setMuted: (muted: boolean) => void;
  on: (event: string, handler: (...args: never[]) => void) => unknown;
  removeAllListeners?: () => void;
}

/** A live practice call through the Vapi web SDK (loaded only when a call starts). */
export function LiveCall({ scenarioId, publicKey, personaName }: { scenarioId: string; publicKey: string; personaName: string }) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [mic, setMic] = useState<MicState>('unknown');
  const [error, setError] = useState<string | null>(null);
  const [limit, setLimit] = useState<PlanLimit | null>(null);
  const [attemptId, setAttemptId] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [muted, setMuted] = useState(false);
  const [buyerSpeaking, setBuyerSpeaking] = useState(false);
  const vapiRef = useRef<VapiLike | null>(null);

  useEffect(() => {
    void queryMicrophonePermission().then(setMic);
    return () => {
      const vapi = vapiRef.current;
      vapiRef.current = null;
      if (vapi) void vapi.stop();
    };
  }, []);

  const start = useCallback(async () => {
    setError(null);
    setLimit(null);
    setPhase('checking');
    const state = await requestMicrophone();
    setMic(state);
    if (state !== 'granted') {
      setPhase('idle');
      return;
    }
    setPhase('connecting');
    try {
      const config = await unwrap(api.GET('/api/calls/config', { params: { query: { scenarioId } } }));
      setAttemptId(config.attemptId);
      const { default: Vapi } = await import('@vapi-ai/web');
      // avoidEval: Daily loads its call machine as a script instead of running fetched code through
      // Function(), which the Content-Security-Policy refuses (it allows Daily's hosts, not eval).
      const vapi = new Vapi(publicKey, undefined, { avoidEval: true }) as unknown as VapiLike;
      vapiRef.current = vapi;
      vapi.on('call-start', () => setPhase('live'));
      vapi.on('call-end', () => {
        vapiRef.current = null;
        setPhase('ended');
      });
      vapi.on('speech-start', () => setBuyerSpeaking(true));
      vapi.on('speech-end', () => setBuyerSpeaking(false));
      vapi.on('message', (message: { type?: string; transcriptType?: string; role?: string; transcript?: string }) => {
        if (message.type === 'transcript' && message.transcriptType === 'final' && message.transcript)
          setLines((l) => [...l, { role: message.role ?? 'user', text: message.transcript! }]);
      });
      vapi.on('error', (e: unknown) => {
        setError(describeVapiError(e));
        setPhase('error');
      });
      await vapi.start(toVapiAssistant(config) as never);
    } catch (e) {
      setError(errorMessage(e));
      setLimit(planLimitOf(e));
      setPhase('error');
    }
  }, [publicKey, scenarioId]);

  const hangUp = () => {
    void vapiRef.current?.stop();
  };

  const help = mic !== 'granted' && mic !== 'prompt' && mic !== 'unknown' ? microphoneHelp[mic] : null;

  if (phase === 'ended' && attemptId) return <AttemptWaiter attemptId={attemptId} />;

  return (
    <div className="call-panel">
      {(phase === 'idle' || phase === 'checking' || phase === 'error') && (
        <>
          <div className="mic-explainer">
            <h3>Before you start</h3>
            <ul>
              <li>The call uses your microphone. Your browser will ask for permission the first time; choose &quot;Allow&quot;.</li>
              <li>A headset gives the AI buyer the clearest audio and avoids echo.</li>
              <li>The call is recorded and transcribed so it can be scored. End the call whenever you are done.</li>
            </ul>
          </div>
          {help && (
            <div className="notice notice-danger" role="alert">
              <strong>{help.title}</strong>
              <ol>
                {help.steps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
            </div>
          )}
          {error && (
            <div className="notice notice-danger" role="alert">
              <strong>The call could not continue.</strong> {error}
              {limit && <PlanLimitHelp limit={limit} />}
            </div>
          )}
          <button type="button" className="button primary large" onClick={() => void start()} disabled={phase === 'checking' || mic === 'insecure' || mic === 'unsupported'}>
            {phase === 'checking' ? 'Waiting for microphone permission…' : help ? 'Try again' : 'Start call'}
          </button>
        </>
      )}
      {phase === 'connecting' && (
        <div className="state state-loading" role="status">
          <span className="spinner" aria-hidden="true" /> Connecting to {personaName}…
        </div>
      )}
      {phase === 'live' && (
        <div className="live-call">
          <p role="status" className="live-indicator">
            <span className="dot" aria-hidden="true" /> On the call with {personaName}
            {buyerSpeaking ? ' · speaking' : ''}
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button secondary"
              aria-pressed={muted}
              onClick={() => {
                vapiRef.current?.setMuted(!muted);
                setMuted(!muted);
              }}
            >
              {muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" className="button danger" onClick={hangUp}>
              End call
            </button>
          </div>
          <ol className="live-transcript" aria-live="polite" aria-label="Live transcript">
            {lines.map((l, i) => (
              <li key={i} className={`turn turn-${l.role === 'user' ? 'user' : 'assistant'}`}>
                <strong>{l.role === 'user' ? 'You' : personaName}:</strong> {l.text}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

function describeVapiError(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const o = e as { error?: { message?: string; msg?: string }; message?: string; errorMsg?: string };
    return o.error?.message ?? o.error?.msg ?? o.errorMsg ?? o.message ?? 'The voice service reported an error.';
  }
  return String(e);
}
