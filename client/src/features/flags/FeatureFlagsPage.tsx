import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Badge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { TableWrap } from '../../components/TableWrap';
import { ErrorSummary } from '../../components/Form';
import { formatDateTime } from '../../lib/format';
import { useLiveEvent } from '../../lib/liveEvents';
import { memberQueries } from '../members';
import { flagQueries, type AdminFlag, type FlagChange } from './api/queries';

type Setting = 'inherit' | 'on' | 'off';

const requirementLabel: Record<AdminFlag['requires'], string | null> = {
  none: null,
  voice_sim: 'Needs a voice AI SIM',
  plan_feature: 'Needs the plan feature',
};

function describeValue(value: boolean | null | undefined): string {
  return value == null ? 'Not set' : value ? 'On' : 'Off';
}

const decidedBy: Record<string, string> = {
  default: 'Default',
  global: 'Set for the platform',
  organization: 'Set for the organization',
  user: 'Set for the member',
};

function toSetting(value: boolean | null | undefined): Setting {
  return value == null ? 'inherit' : value ? 'on' : 'off';
}

/** Settings > Feature flags (admins): the flags' values for the organization or a member, set and clear them, and the audit trail. */
export function Component() {
  const queryClient = useQueryClient();
  const [memberId, setMemberId] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const members = useQuery(memberQueries.options());
  const flags = useQuery(flagQueries.forAdmin(memberId || null));

  // Another admin's change (or billing's) shows at once.
  useLiveEvent('flag.changed', () => void queryClient.invalidateQueries({ queryKey: flagQueries.admin() }));
  useLiveEvent('resync', () => void queryClient.invalidateQueries({ queryKey: flagQueries.admin() }));

  const set = useMutation({
    mutationFn: ({ key, setting }: { key: string; setting: Setting }) =>
      unwrap(
        api.PUT('/api/admin/flags/{key}', {
          params: { path: { key } },
          body: {
            scope: memberId ? 'user' : 'organization',
            memberId: memberId || null,
            enabled: setting === 'inherit' ? null : setting === 'on',
            reason: reason.trim() || null,
          },
        }),
      ),
    onSuccess: (result) => {
      const who = memberId ? (flags.data?.memberName ?? 'the member') : 'the organization';
      setMessage(
        !result.changed
          ? `${result.key} was already ${describeValue(result.value).toLowerCase()} for ${who}.`
          : result.value == null
            ? `${result.key} is no longer set for ${who}.`
            : `${result.key} is now ${result.value ? 'on' : 'off'} for ${who}.`,
      );
      void queryClient.invalidateQueries({ queryKey: flagQueries.admin() });
    },
  });

  const memberName = flags.data?.memberName;
  return (
    <Page
      title="Feature flags"
      description="Switch features off or back on for the organization or for one member. The most specific setting wins (member over organization over platform); no setting grants what the plan or a SIM does not include."
    >
      <p className="live-message" role="status">
        {message}
      </p>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="flags-for">Show values for</label>
          <select
            id="flags-for"
            value={memberId}
            onChange={(e) => {
              setMemberId(e.target.value);
              setMessage(null);
              set.reset();
            }}
          >
            <option value="">The organization</option>
            {members.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.role})
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="flag-reason">Reason (kept in the audit trail)</label>
          <input id="flag-reason" type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </div>
      <ErrorSummary error={set.error} />
      <QueryView query={flags} loadingLabel="Loading the feature flags…">
        {(data) => (
          <TableWrap label="Feature flags table">
            <table>
              <caption className="visually-hidden">Feature flags for {memberName ?? 'the organization'}</caption>
              <thead>
                <tr>
                  <th scope="col">Flag</th>
                  <th scope="col">Effective</th>
                  <th scope="col">Platform</th>
                  <th scope="col">Organization</th>
                  {data.memberId && <th scope="col">Member</th>}
                  <th scope="col">{data.memberId ? `Setting for ${memberName}` : 'Organization setting'}</th>
                </tr>
              </thead>
              <tbody>
                {data.flags.map((f) => (
                  <FlagRow key={f.key} flag={f} forMember={!!data.memberId} busy={set.isPending} onSet={(setting) => set.mutate({ key: f.key, setting })} />
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
      <AuditTrail />
    </Page>
  );
}

function FlagRow({ flag: f, forMember, busy, onSet }: { flag: AdminFlag; forMember: boolean; busy: boolean; onSet: (setting: Setting) => void }) {
  const requirement = requirementLabel[f.requires];
  const current = toSetting(forMember ? f.userValue : f.organizationValue);
  const selectId = `flag-setting-${f.key}`;
  return (
    <tr>
      <th scope="row">
        <code>{f.key}</code>
        <span className="block small muted">{f.description}</span>
        {requirement && <span className="block small">{requirement}</span>}
      </th>
      <td>
        <Badge tone={f.enabled ? 'success' : 'warning'}>{f.enabled ? 'On' : 'Off'}</Badge>
        <span className="block small muted">
          {decidedBy[f.decidedBy] ?? f.decidedBy}
          {!f.entitled && (f.requires === 'voice_sim' ? '; no SIM' : '; not in the plan')}
        </span>
      </td>
      <td>{describeValue(f.globalValue)}</td>
      <td>{describeValue(f.organizationValue)}</td>
      {forMember && <td>{describeValue(f.userValue)}</td>}
      <td>
        <label className="visually-hidden" htmlFor={selectId}>
          Setting of {f.key}
        </label>
        <select id={selectId} value={current} disabled={busy} onChange={(e) => onSet(e.target.value as Setting)}>
          <option value="inherit">Not set</option>
          <option value="on">On</option>
          <option value="off">Off</option>
        </select>
      </td>
    </tr>
  );
}

function AuditTrail() {
  const [page, setPage] = useState(1);
  const audit = useQuery(flagQueries.audit({ page, pageSize: 20 }));
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <QueryView
        query={audit}
        loadingLabel="Loading the audit trail…"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title="No changes yet">Every change of a flag, by anyone, is listed here.</EmptyState>}
      >
        {(data) => (
          <>
            <TableWrap label="Flag changes table">
              <table>
                <caption className="visually-hidden">Flag changes, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Flag</th>
                    <th scope="col">For</th>
                    <th scope="col">Change</th>
                    <th scope="col">By</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id}>
                      <td>{formatDateTime(c.changedAt)}</td>
                      <td>
                        <code>{c.key}</code>
                      </td>
                      <td>{describeTarget(c)}</td>
                      <td>
                        {describeValue(c.oldValue)} → {describeValue(c.newValue)}
                      </td>
                      <td>
                        {c.changedByName} <span className="small muted">({c.source})</span>
                      </td>
                      <td>{c.reason ?? <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Flag changes" />
          </>
        )}
      </QueryView>
    </section>
  );
}

function describeTarget(c: FlagChange): string {
  if (c.scope === 'global') return 'Everyone (platform)';
  if (c.scope === 'organization') return 'The organization';
  return c.memberName ?? 'A former member';
}
