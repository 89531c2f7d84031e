import { useDeferredValue, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, planLimitOf } from '../../api/errors';
import { PlanLimitHelp } from '../../components/PlanLimit';
import { useMe } from '../../auth/me';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { StatusBadge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/Form';
import { memberQueries } from './api/queries';
import { TableWrap } from '../../components/TableWrap';

type Member = Schemas['MemberDto'];
type Role = Schemas['MemberRole'];

export function Component() {
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<Schemas['MemberStatus'] | ''>('');
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string | null>(null);
  const [deactivating, setDeactivating] = useState<Member | null>(null);
  const deferred = useDeferredValue(search.trim());
  const query = useQuery(
    memberQueries.list({ search: deferred || undefined, role: role || undefined, status: status || undefined, page, pageSize: 20, sort: 'oldest' }),
  );
  const managers = useQuery(memberQueries.options({ role: 'manager' }));
  const admins = useQuery(memberQueries.options({ role: 'admin' }));
  const leads = [...(managers.data?.items ?? []), ...(admins.data?.items ?? [])];

  return (
    <Page title="Members" description="People in your organization, their roles and whose team they are on.">
      <p className="live-message" role="status">
        {message}
      </p>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="member-search">Search</label>
          <input
            id="member-search"
            type="search"
            placeholder="Name or email"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </div>
        <div className="field inline">
          <label htmlFor="member-role">Role</label>
          <select
            id="member-role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role | '');
              setPage(1);
            }}
          >
            <option value="">Any</option>
            <option value="trainee">Trainee</option>
            <option value="manager">Manager</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="member-status">Status</label>
          <select
            id="member-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              setPage(1);
            }}
          >
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="deactivated">Deactivated</option>
          </select>
        </div>
      </div>
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={<EmptyState title="No member matches" />}>
        {(data) => (
          <>
            <TableWrap label="Members table">
              <table>
                <caption className="visually-hidden">Members</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Manager</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((m) => (
                    <MemberRow key={m.id} member={m} leads={leads} onMessage={setMessage} onDeactivate={() => setDeactivating(m)} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Members" />
          </>
        )}
      </QueryView>
      <DeactivateDialog member={deactivating} onClose={() => setDeactivating(null)} onDone={setMessage} />
    </Page>
  );
}

function useMemberChange() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: memberQueries.all() });
}

function MemberRow({ member: m, leads, onMessage, onDeactivate }: { member: Member; leads: Member[]; onMessage: (t: string) => void; onDeactivate: () => void }) {
  const me = useMe();
  const refresh = useMemberChange();
  const changeRole = useMutation({
    mutationFn: (role: Role) => unwrap(api.PUT('/api/members/{id}/role', { params: { path: { id: m.id } }, body: { role } })),
    onSuccess: (u) => {
      refresh();
      onMessage(`${u.name} is now ${u.role === 'admin' ? 'an' : 'a'} ${u.role}.`);
    },
  });
  const setManager = useMutation({
    mutationFn: (managerId: string | null) => unwrap(api.PUT('/api/members/{id}/manager', { params: { path: { id: m.id } }, body: { managerId } })),
    onSuccess: (u) => {
      refresh();
      onMessage(u.managerId ? `${u.name} now reports to ${leads.find((l) => l.id === u.managerId)?.name ?? 'their new manager'}.` : `${u.name} is on no team.`);
    },
  });
  const reactivate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/members/{id}/reactivate', { params: { path: { id: m.id } } })),
    onSuccess: (u) => {
      refresh();
      onMessage(`${u.name} is active again.`);
    },
  });
  const error = changeRole.error ?? setManager.error ?? reactivate.error;
  const limit = planLimitOf(error);
  const roleId = `role-${m.id}`;
  const managerId = `manager-${m.id}`;

  return (
    <tr>
      <th scope="row">
        {m.name}
        {m.id === me.id && <span className="muted small"> (you)</span>}
        <div className="small muted">{m.email}</div>
        {error && (
          <div className="field-error" role="alert">
            {errorMessage(error)}
            {limit && <PlanLimitHelp limit={limit} />}
          </div>
        )}
      </th>
      <td>
        <label htmlFor={roleId} className="visually-hidden">
          Role of {m.name}
        </label>
        <select id={roleId} value={m.role} disabled={changeRole.isPending || m.status !== 'active'} onChange={(e) => changeRole.mutate(e.target.value as Role)}>
          <option value="trainee">Trainee</option>
          <option value="manager">Manager</option>
          <option value="admin">Admin</option>
        </select>
      </td>
      <td>
        <label htmlFor={managerId} className="visually-hidden">
          Manager of {m.name}
        </label>
        <select id={managerId} value={m.managerId ?? ''} disabled={setManager.isPending} onChange={(e) => setManager.mutate(e.target.value || null)}>
          <option value="">No manager</option>
          {leads
            .filter((l) => l.id !== m.id)
            .map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
        </select>
      </td>
      <td>
        <StatusBadge status={m.status} />
      </td>
      <td className="actions">
        {m.status === 'active' ? (
          m.id !== me.id && (
            <button type="button" className="button danger-outline small" onClick={onDeactivate}>
              Deactivate<span className="visually-hidden"> {m.name}</span>
            </button>
          )
        ) : (
          <button type="button" className="button secondary small" disabled={reactivate.isPending} onClick={() => reactivate.mutate()}>
            Reactivate<span className="visually-hidden"> {m.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

function DeactivateDialog({ member, onClose, onDone }: { member: Member | null; onClose: () => void; onDone: (t: string) => void }) {
  const refresh = useMemberChange();
  const deactivate = useMutation({
    mutationFn: (m: Member) => unwrap(api.POST('/api/members/{id}/deactivate', { params: { path: { id: m.id } } })),
    onSuccess: (u) => {
      refresh();
      onClose();
      onDone(`${u.name} was deactivated.`);
    },
  });
  return (
    <ConfirmDialog
      open={!!member}
      title={`Deactivate ${member?.name ?? ''}?`}
      message="They can no longer sign in. Their attempts and scores are kept, and you can reactivate them later."
      confirmLabel="Deactivate"
      danger
      pending={deactivate.isPending}
      error={deactivate.error ? <ErrorSummary error={deactivate.error} /> : null}
      onConfirm={() => member && deactivate.mutate(member)}
      onClose={() => {
        deactivate.reset();
        onClose();
      }}
    />
  );
}
