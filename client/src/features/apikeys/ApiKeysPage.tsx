import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Badge, StatusBadge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { TableWrap } from '../../components/TableWrap';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/Form';
import { formatDate, formatDateTime } from '../../lib/format';
import { apiKeyQueries } from './api/queries';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

type ApiKey = Schemas['ApiKeyDto'];

export function Component() {
  const [page, setPage] = useState(1);
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const query = useQuery(apiKeyQueries.list({ page, pageSize: 20, includeRevoked }));

  return (
    <Page
      title="API keys"
      description="Keys let your integrations (Zapier, Make, your own scripts) call the API for your organization."
      actions={
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          New API key
        </button>
      }
    >
      <p className="live-message" role="status">
        {message}
      </p>
      <div className="toolbar">
        <label className="checkbox-inline">
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(e) => {
              setIncludeRevoked(e.target.checked);
              setPage(1);
            }}
          />{' '}
          Show revoked keys
        </label>
      </div>
      <QueryView
        query={query}
        loadingLabel="Loading the API keys…"
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState title={includeRevoked ? 'No API keys' : 'No active API keys'}>
            <button type="button" className="link-button" onClick={() => setCreating(true)}>
              Create a key
            </button>{' '}
            for an integration. You will see it once, when it is made.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <TableWrap label="API keys table">
              <table>
                <caption className="visually-hidden">API keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Access</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((k) => (
                    <tr key={k.id}>
                      <th scope="row">
                        {k.name}
                        {k.revokedAt && (
                          <>
                            {' '}
                            <StatusBadge status="revoked" />
                            <span className="block small muted">Revoked {formatDateTime(k.revokedAt)}</span>
                          </>
                        )}
                      </th>
                      <td>
                        <code>{k.prefix}…</code>
                      </td>
                      <td>
                        <span className="badges">
                          {k.scopes.map((s) => (
                            <Badge key={s} tone={s === 'write' ? 'warning' : 'info'}>
                              {s}
                            </Badge>
                          ))}
                        </span>
                      </td>
                      <td>{formatDate(k.createdAt)}</td>
                      <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : <span className="muted">Never</span>}</td>
                      <td className="actions">
                        {!k.revokedAt && (
                          <button type="button" className="button danger-outline small" onClick={() => setRevoking(k)}>
                            Revoke<span className="visually-hidden"> {k.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="API keys" />
          </>
        )}
      </QueryView>
      <p className="small muted">
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-Api-Key: &lt;key&gt;</code>. A read key may only read; a read-and-write key acts with an
        admin’s reach. Keys cannot manage keys or reveal webhook secrets.
      </p>
      <CreateApiKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(m) => {
          setMessage(m);
        }}
      />
      <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} onDone={setMessage} />
    </Page>
  );
}

function RevokeDialog({ apiKey, onClose, onDone }: { apiKey: ApiKey | null; onClose: () => void; onDone: (m: string) => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => unwrap(api.DELETE('/api/api-keys/{id}', { params: { path: { id: k.id } } })),
    onSuccess: (k) => {
      void queryClient.invalidateQueries({ queryKey: apiKeyQueries.all() });
      onClose();
      onDone(`API key “${k.name}” was revoked.`);
    },
  });
  return (
    <ConfirmDialog
      open={!!apiKey}
      title={`Revoke “${apiKey?.name ?? ''}”?`}
      message={
        <>
          <p>
            The key <code>{apiKey?.prefix}…</code> stops working at once: every integration that uses it gets 401 from then on.
          </p>
          <p>This cannot be undone; create a new key to replace it.</p>
        </>
      }
      confirmLabel="Revoke key"
      danger
      pending={revoke.isPending}
      error={revoke.error ? <ErrorSummary error={revoke.error} /> : null}
      onConfirm={() => apiKey && revoke.mutate(apiKey)}
      onClose={() => {
        revoke.reset();
        onClose();
      }}
    />
  );
}
