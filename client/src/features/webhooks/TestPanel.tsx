import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { ErrorSummary } from '../../components/Form';
import { Badge } from '../../components/Badge';
import { webhookQueries, type WebhookEndpoint } from './api/queries';

/** "Send test": one webhook.test delivery now, and what the receiver answered. */
export function TestPanel({ endpoint }: { endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: () => unwrap(api.POST('/api/webhooks/{id}/test', { params: { path: { id: endpoint.id } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.deliveryLists() });
      void queryClient.invalidateQueries({ queryKey: webhookQueries.detail(endpoint.id).queryKey });
    },
  });

  return (
    <section className="panel" aria-labelledby="test-heading">
      <h2 id="test-heading">Send a test</h2>
      <p className="small muted">
        Sends a signed <code>webhook.test</code> event to this endpoint now, once, and shows the answer. It appears in the delivery log.
      </p>
      <button type="button" className="button primary" onClick={() => test.mutate()} disabled={test.isPending}>
        {test.isPending ? 'Sending…' : 'Send test'}
      </button>
      <div aria-live="polite">{test.data && <TestResult result={test.data} />}</div>
      <ErrorSummary error={test.error} />
    </section>
  );
}

export function TestResult({ result: r }: { result: Schemas['WebhookTestResultDto'] }) {
  return (
    <div className={`test-result ${r.success ? 'is-success' : 'is-failure'}`}>
      <p>
        <Badge tone={r.success ? 'success' : 'danger'}>{r.success ? 'Delivered' : 'Failed'}</Badge>{' '}
        <strong>{r.success ? 'The endpoint accepted the test.' : 'The endpoint did not accept the test.'}</strong>
      </p>
      <dl className="facts">
        <div>
          <dt>Status code</dt>
          <dd>{r.statusCode ?? 'No answer'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{r.durationMs} ms</dd>
        </div>
        {r.error && (
          <div className="wide">
            <dt>Error</dt>
            <dd>{r.error}</dd>
          </div>
        )}
      </dl>
      <ResponseBody body={r.responseBody} />
    </div>
  );
}

/** The start of what a receiver answered (the API keeps at most 4 KB). */
export function ResponseBody({ body }: { body: string | null | undefined }) {
  if (!body) return <p className="small muted">The response had no body.</p>;
  return (
    <div className="response-body">
      <div className="small">
        <strong>Response body</strong>
      </div>
      <pre className="code-block" role="region" aria-label="Response body" tabIndex={0}>
        {body}
      </pre>
    </div>
  );
}
