import { Fragment, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { errorMessage, fieldErrorsOf } from '../../api/errors';
import { StatusBadge } from '../../components/Badge';
import { Field } from '../../components/Form';
import { EmptyState, ErrorState, Loading, QueryView } from '../../components/States';
import { Pagination } from '../../components/Pagination';
import { TableWrap } from '../../components/TableWrap';
import { formatDateTime } from '../../lib/format';
import { webhookQueries, type DeliveryStatus, type WebhookDelivery } from './api/queries';
import { ResponseBody } from './TestPanel';

/** A datetime-local input's value for a time (local time, to the minute). */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The endpoint's deliveries, newest first: filter by status, open one for its attempts, replay it, or replay every failure since a time. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const deliveries = useQuery(webhookQueries.deliveries({ endpointId, status: status || undefined, page, pageSize: 20 }));

  return (
    <section className="panel" aria-labelledby="deliveries-heading">
      <div className="section-head">
        <h2 id="deliveries-heading">Delivery log</h2>
        <button type="button" className="button secondary small" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
          {deliveries.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="live-message" role="status">
        {message}
      </p>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="delivery-status">Status</label>
          <select
            id="delivery-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DeliveryStatus | '');
              setPage(1);
            }}
          >
            <option value="">Any</option>
            <option value="pending">Pending</option>
            <option value="succeeded">Succeeded</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <ReplayFailed endpointId={endpointId} onDone={setMessage} />
      </div>
      <QueryView
        query={deliveries}
        loadingLabel="Loading the deliveries…"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title={status ? `No ${status} deliveries` : 'No deliveries yet'}>{!status && 'Events this endpoint subscribes to, and tests, appear here.'}</EmptyState>}
      >
        {(data) => (
          <>
            <TableWrap label="Deliveries table">
              <table className="deliveries">
                <caption className="visually-hidden">Deliveries of this endpoint, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((d) => (
                    <Fragment key={d.id}>
                      <DeliveryRow delivery={d} open={openId === d.id} onToggle={() => setOpenId((o) => (o === d.id ? null : d.id))} onMessage={setMessage} />
                      {openId === d.id && (
                        <tr className="delivery-detail-row">
                          <td colSpan={6} id={`delivery-${d.id}`}>
                            <DeliveryDetail id={d.id} version={`${d.attemptCount}-${d.status}`} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Deliveries" />
          </>
        )}
      </QueryView>
    </section>
  );
}

function DeliveryRow({ delivery: d, open, onToggle, onMessage }: { delivery: WebhookDelivery; open: boolean; onToggle: () => void; onMessage: (m: string) => void }) {
  const queryClient = useQueryClient();
  const replay = useMutation({
    mutationFn: () => unwrap(api.POST('/api/webhooks/deliveries/{id}/replay', { params: { path: { id: d.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.deliveryLists() });
      void queryClient.invalidateQueries({ queryKey: webhookQueries.deliveryVersions(d.id) });
      onMessage(`The ${d.eventType} delivery of ${formatDateTime(d.createdAt)} is queued again.`);
    },
  });
  const label = `${d.eventType} of ${formatDateTime(d.createdAt)}`;
  return (
    <tr>
      <td className="nowrap">{formatDateTime(d.createdAt)}</td>
      <td>
        <code>{d.eventType}</code>
      </td>
      <td>
        <StatusBadge status={d.status} />
        {d.status === 'pending' && d.nextAttemptAt && <span className="block small muted">Next try {formatDateTime(d.nextAttemptAt)}</span>}
      </td>
      <td>{d.attemptCount}</td>
      <td>
        {d.lastStatusCode != null ? <span>HTTP {d.lastStatusCode}</span> : d.lastAttemptAt ? <span>No answer</span> : <span className="muted">—</span>}
        {d.lastError && <span className="block small muted">{d.lastError}</span>}
        {replay.error && (
          <span className="block field-error" role="alert">
            {errorMessage(replay.error)}
          </span>
        )}
      </td>
      <td className="actions">
        <button type="button" className="button secondary small" aria-expanded={open} aria-controls={open ? `delivery-${d.id}` : undefined} onClick={onToggle}>
          {open ? 'Hide' : 'Details'}
          <span className="visually-hidden"> of {label}</span>
        </button>
        <button type="button" className="button secondary small" disabled={d.status === 'pending' || replay.isPending} onClick={() => replay.mutate()}>
          {replay.isPending ? 'Replaying…' : 'Replay'}
          <span className="visually-hidden"> {label}</span>
        </button>
      </td>
    </tr>
  );
}

function DeliveryDetail({ id, version }: { id: string; version: string }) {
  const detail = useQuery(webhookQueries.delivery(id, version));
  if (detail.isPending) return <Loading label="Loading the attempts…" />;
  if (detail.isError) return <ErrorState error={detail.error} title="Could not load the delivery" onRetry={() => void detail.refetch()} />;
  const { delivery, attempts, payload } = detail.data;
  return (
    <div className="delivery-detail">
      <p className="small">
        Event id (<code>idempotency_key</code>): <code>{delivery.eventId}</code>
      </p>
      {attempts.length === 0 ? (
        <p className="muted">Not attempted yet.</p>
      ) : (
        <ol className="attempts">
          {attempts.map((a) => (
            <li key={a.id} className={a.succeeded ? 'is-success' : 'is-failure'}>
              <div className="attempt-head">
                <strong>Attempt {a.attemptNumber}</strong>
                <StatusBadge status={a.succeeded ? 'succeeded' : 'failed'} />
              </div>
              <dl className="facts">
                <div>
                  <dt>Time</dt>
                  <dd>{formatDateTime(a.attemptedAt)}</dd>
                </div>
                <div>
                  <dt>Status code</dt>
                  <dd>{a.statusCode ?? 'No answer'}</dd>
                </div>
                <div>
                  <dt>Duration</dt>
                  <dd>{a.durationMs} ms</dd>
                </div>
                {a.error && (
                  <div className="wide">
                    <dt>Error</dt>
                    <dd>{a.error}</dd>
                  </div>
                )}
              </dl>
              <ResponseBody body={a.responseBody} />
            </li>
          ))}
        </ol>
      )}
      <details>
        <summary>Body sent</summary>
        <pre className="code-block" role="region" aria-label="Body sent" tabIndex={0}>
          {JSON.stringify(payload, null, 2)}
        </pre>
      </details>
    </div>
  );
}

function ReplayFailed({ endpointId, onDone }: { endpointId: string; onDone: (m: string) => void }) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 24 * 3600_000)));
  const replay = useMutation({
    mutationFn: (at: Date) => unwrap(api.POST('/api/webhooks/{id}/replay-failed', { params: { path: { id: endpointId } }, body: { since: at.toISOString() } })),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.deliveryLists() });
      onDone(r.requeued === 0 ? 'No failed deliveries since then.' : `${r.requeued} failed ${r.requeued === 1 ? 'delivery is' : 'deliveries are'} queued again.`);
    },
  });
  const [invalid, setInvalid] = useState(false);
  const errors = fieldErrorsOf(replay.error);
  const sinceErrors = invalid
    ? ['Enter a date and time.']
    : (errors['since'] ?? (replay.error && !Object.keys(errors).length ? [errorMessage(replay.error)] : undefined));
  return (
    <form
      className="replay-failed"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const at = new Date(since);
        setInvalid(Number.isNaN(at.getTime()));
        if (!Number.isNaN(at.getTime())) replay.mutate(at);
      }}
    >
      <Field label="Failed since" path="since" errors={sinceErrors} className="inline" hint="Sends every failed delivery created since then again.">
        {(p) => <input {...p} type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />}
      </Field>
      <button type="submit" className="button secondary" disabled={replay.isPending}>
        {replay.isPending ? 'Replaying…' : 'Replay failed'}
      </button>
    </form>
  );
}
