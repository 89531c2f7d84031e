import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { webhookQueries, type WebhookEndpoint } from './api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/Form';
import { ErrorState, Loading } from '../../components/States';
import { CopyButton } from '../../components/CopyButton';
import { formatDateTime } from '../../lib/format';

/** The endpoint's signing secret: hidden until asked for, copyable, and rotated with a 24-hour overlap. */
export function SecretPanel({ endpoint, revealInitially = false }: { endpoint: WebhookEndpoint; revealInitially?: boolean }) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(revealInitially);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const secret = useQuery({ ...webhookQueries.secret(endpoint.id), enabled: revealed });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/webhooks/{id}/rotate-secret', { params: { path: { id: endpoint.id } } })),
    onSuccess: (s) => {
      queryClient.setQueryData(webhookQueries.secret(endpoint.id).queryKey, s);
      void queryClient.invalidateQueries({ queryKey: webhookQueries.detail(endpoint.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: webhookQueries.lists() });
      setRevealed(true);
      setConfirming(false);
      setMessage('New secret made. Both secrets sign deliveries for the next 24 hours: update your receiver before then.');
    },
  });

  return (
    <section className="panel" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Signing secret</h2>
      <p className="small muted">Your receiver verifies each delivery’s signature with this secret. Keep it private, like a password.</p>
      <p className="live-message" role="status">
        {message}
      </p>
      {!revealed ? (
        <div className="secret-row">
          <code className="secret" aria-label="Secret, hidden">
            whsec_••••••••{endpoint.secretHint.replace(/^…/, '')}
          </code>
          <button type="button" className="button secondary small" onClick={() => setRevealed(true)}>
            Reveal
          </button>
        </div>
      ) : secret.isPending ? (
        <Loading label="Loading the secret…" />
      ) : secret.isError ? (
        <ErrorState error={secret.error} title="Could not load the secret" onRetry={() => void secret.refetch()} />
      ) : (
        <>
          <div className="secret-row">
            <code className="secret" id={`secret-${endpoint.id}`}>
              {secret.data.secret}
            </code>
            <CopyButton value={secret.data.secret} what="the signing secret" />
            <button type="button" className="button secondary small" onClick={() => setRevealed(false)}>
              Hide
            </button>
          </div>
          {secret.data.previousSecret && (
            <div className="previous-secret">
              <p className="small">
                <strong>Previous secret</strong>, still signing until {formatDateTime(secret.data.previousSecretExpiresAt)}:
              </p>
              <div className="secret-row">
                <code className="secret">{secret.data.previousSecret}</code>
                <CopyButton value={secret.data.previousSecret} what="the previous secret" />
              </div>
            </div>
          )}
        </>
      )}
      <div className="button-row panel-actions">
        <button type="button" className="button secondary" onClick={() => setConfirming(true)}>
          Rotate secret
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Rotate the signing secret?"
        message={
          <>
            <p>A new secret is made now and shown here.</p>
            <p>
              For the next <strong>24 hours</strong> every delivery is signed with both the new and the previous secret (<code>X-Webhook-Signature-Previous</code>, and a
              second entry in <code>webhook-signature</code>), so your receiver keeps verifying while you update it. After that only the new secret signs.
            </p>
            <p className="small muted">Rotating again within those 24 hours retires the older secret at once.</p>
          </>
        }
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        error={rotate.error ? <ErrorSummary error={rotate.error} /> : null}
        onConfirm={() => rotate.mutate()}
        onClose={() => {
          rotate.reset();
          setConfirming(false);
        }}
      />
    </section>
  );
}
