import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/States';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/Form';
import { formatDateTime } from '../../lib/format';
import { webhookQueries, type WebhookEndpoint } from './api/queries';
import { WebhookForm, type WebhookBody } from './WebhookForm';
import { EndpointStatus } from './EndpointStatus';
import { SecretPanel } from './SecretPanel';
import { TestPanel } from './TestPanel';
import { DeliveryLog } from './DeliveryLog';

export function Component() {
  const { endpointId = '' } = useParams();
  const endpoint = useQuery(webhookQueries.detail(endpointId));
  return (
    <QueryView query={endpoint} loadingLabel="Loading the endpoint…">
      {(e) => <EndpointScreen key={e.id} endpoint={e} />}
    </QueryView>
  );
}

function EndpointScreen({ endpoint }: { endpoint: WebhookEndpoint }) {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = location.state as { message?: string; revealSecret?: boolean } | null;
  const [message, setMessage] = useState<string | null>(state?.message ?? null);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState(false);

  const update = useMutation({
    mutationFn: (body: WebhookBody) => unwrap(api.PUT('/api/webhooks/{id}', { params: { path: { id: endpoint.id } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(webhookQueries.detail(saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: webhookQueries.lists() });
      setFormKey((k) => k + 1);
      setMessage('Endpoint saved.');
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/webhooks/{id}', { params: { path: { id: endpoint.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.all() });
      navigate('/admin/webhooks', { state: { message: `“${endpoint.name}” was deleted.` } });
    },
  });

  return (
    <Page
      title={endpoint.name}
      description={<span className="url">{endpoint.url}</span>}
      actions={
        <Link className="button secondary" to="/admin/webhooks">
          All endpoints
        </Link>
      }
    >
      <p className="live-message" role="status">
        {message}
      </p>
      <div className="endpoint-summary">
        <EndpointStatus endpoint={endpoint} detailed />
        {endpoint.source === 'rest_hook' && <Badge tone="info">REST hook</Badge>}
        <span className="small muted">Added {formatDateTime(endpoint.createdAt)}</span>
      </div>
      <div className="two-column">
        <section className="panel" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <WebhookForm
            key={formKey}
            endpoint={endpoint}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onSubmit={(body) => {
              setMessage(null);
              update.mutate(body);
            }}
            actions={
              <button type="button" className="button danger-outline" onClick={() => setDeleting(true)}>
                Delete endpoint
              </button>
            }
          />
        </section>
        <div>
          <TestPanel endpoint={endpoint} />
          <SecretPanel endpoint={endpoint} revealInitially={state?.revealSecret ?? false} />
        </div>
      </div>
      <DeliveryLog endpointId={endpoint.id} />
      <ConfirmDialog
        open={deleting}
        title={`Delete “${endpoint.name}”?`}
        message="Nothing more is sent to it, deliveries still pending are dropped, and its delivery log is deleted. This cannot be undone."
        confirmLabel="Delete endpoint"
        danger
        pending={remove.isPending}
        error={remove.error ? <ErrorSummary error={remove.error} /> : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          remove.reset();
          setDeleting(false);
        }}
      />
    </Page>
  );
}
