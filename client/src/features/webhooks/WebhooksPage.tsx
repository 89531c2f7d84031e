import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Badge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { TableWrap } from '../../components/TableWrap';
import { formatDate } from '../../lib/format';
import { webhookQueries } from './api/queries';
import { EndpointStatus } from './EndpointStatus';

export function Component() {
  const [page, setPage] = useState(1);
  const location = useLocation();
  const message = (location.state as { message?: string } | null)?.message ?? null;
  const query = useQuery(webhookQueries.list({ page, pageSize: 20 }));

  return (
    <Page
      title="Webhooks"
      description="Your systems hear about events here the moment they happen: signed HTTPS requests to the endpoints you add."
      actions={
        <Link className="button primary" to="/admin/webhooks/new">
          Add endpoint
        </Link>
      }
    >
      <p className="live-message" role="status">
        {message}
      </p>
      <QueryView
        query={query}
        loadingLabel="Loading the endpoints…"
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState title="No webhook endpoints yet">
            <Link to="/admin/webhooks/new">Add the first endpoint</Link> to send events such as completed practice calls to your CRM or LMS.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <TableWrap label="Webhook endpoints table">
              <table>
                <caption className="visually-hidden">Webhook endpoints</caption>
                <thead>
                  <tr>
                    <th scope="col">Endpoint</th>
                    <th scope="col">Events</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => (
                    <tr key={e.id}>
                      <th scope="row">
                        <Link to={`/admin/webhooks/${e.id}`}>{e.name}</Link>
                        {e.source === 'rest_hook' && (
                          <>
                            {' '}
                            <Badge tone="info">REST hook</Badge>
                          </>
                        )}
                        <span className="block small muted url">{e.url}</span>
                      </th>
                      <td>
                        <ul className="plain-list small">
                          {e.events.map((t) => (
                            <li key={t}>
                              <code>{t}</code>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <EndpointStatus endpoint={e} />
                      </td>
                      <td>{formatDate(e.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Endpoints" />
          </>
        )}
      </QueryView>
      <p className="small muted">
        Each delivery is signed with the endpoint’s secret (<code>X-Webhook-Signature</code> and Standard Webhooks’ <code>webhook-signature</code>) and retried for up to
        about 15 hours when it fails.
      </p>
    </Page>
  );
}
