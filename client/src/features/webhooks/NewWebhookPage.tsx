import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Page } from '../../components/Page';
import { webhookQueries } from './api/queries';
import { WebhookForm, type WebhookBody } from './WebhookForm';

export function Component() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: WebhookBody) => unwrap(api.POST('/api/webhooks', { body })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.all() });
      queryClient.setQueryData(webhookQueries.detail(created.endpoint.id).queryKey, created.endpoint);
      queryClient.setQueryData(webhookQueries.secret(created.endpoint.id).queryKey, { secret: created.secret, previousSecret: null, previousSecretExpiresAt: null });
      navigate(`/admin/webhooks/${created.endpoint.id}`, { state: { message: 'Endpoint added. Copy its signing secret into your receiver, then send a test.', revealSecret: true } });
    },
  });

  return (
    <Page title="Add webhook endpoint" description="Choose where to send events and which ones. You get a signing secret to verify them with.">
      <div className="panel">
        <WebhookForm
          submitLabel="Add endpoint"
          pending={create.isPending}
          error={create.error}
          onSubmit={(body) => create.mutate(body)}
          actions={
            <Link className="button secondary" to="/admin/webhooks">
              Cancel
            </Link>
          }
        />
      </div>
    </Page>
  );
}
