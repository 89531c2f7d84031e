import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Badge } from '../../components/Badge';
import { ErrorSummary } from '../../components/Form';
import { EmptyState, QueryView } from '../../components/States';
import { TableWrap } from '../../components/TableWrap';
import { formatDate } from '../../lib/format';
import { billingQueries } from './api/queries';
import { voiceAiLabel, type VoiceSimMember } from './billing';
import { SimLines } from './SimLines';

const roleLabels: Record<string, string> = { admin: 'Admin', manager: 'Manager', trainee: 'Trainee' };

/**
 * The organization's voice AI SIMs: how many were bought, are held and are free, and every active
 * member with a button to give them one or take it back. A refusal (none free, say) shows as the
 * page's other problems do, above the table.
 */
export function VoiceSimsSection() {
  const queryClient = useQueryClient();
  const sims = useQuery(billingQueries.voiceSims());
  const [message, setMessage] = useState<string | null>(null);
  const setSim = useMutation({
    mutationFn: ({ member, active }: { member: VoiceSimMember; active: boolean }) =>
      unwrap(api.PUT('/api/members/{memberId}/voice-sim', { params: { path: { memberId: member.memberId } }, body: { active } })),
    onSuccess: (row, { member, active }) => {
      setMessage(active ? `${member.name} has a voice AI SIM now.` : `${member.name}'s voice AI SIM is free again.`);
      queryClient.setQueryData(billingQueries.voiceSims().queryKey, (old) =>
        old ? { ...old, members: old.members.map((m) => (m.memberId === row.memberId ? row : m)) } : old,
      );
      // The counts (and the flag of a paused member) come from the server.
      void queryClient.invalidateQueries({ queryKey: billingQueries.voiceSims().queryKey });
    },
    onError: () => setMessage(null),
  });

  return (
    <section aria-labelledby="sims-heading" className="section">
      <h2 id="sims-heading">Voice AI SIMs</h2>
      <p className="small muted">Each SIM gives one member voice AI practice. Buy SIMs under Add-ons, then assign them here.</p>
      <QueryView query={sims} loadingLabel="Loading the voice AI SIMs…">
        {(data) => (
          <>
            <dl className="facts" aria-label="SIM counts">
              <div>
                <dt>Purchased</dt>
                <dd>{data.purchased}</dd>
              </div>
              <div>
                <dt>Assigned</dt>
                <dd>{data.assigned}</dd>
              </div>
              <div>
                <dt>Available</dt>
                <dd>{data.available}</dd>
              </div>
            </dl>
            <p className="live-message" role="status">
              {message}
            </p>
            <SimLines lines={data.lines} onChanged={setMessage} />
            {setSim.error && <ErrorSummary error={setSim.error} />}
            {data.members.length === 0 ? (
              <EmptyState title="No active members">Members appear here once they have joined.</EmptyState>
            ) : (
              <TableWrap label="Voice AI SIMs by member">
                <table>
                  <caption className="visually-hidden">Members and their voice AI SIMs</caption>
                  <thead>
                    <tr>
                      <th scope="col">Member</th>
                      <th scope="col">Role</th>
                      <th scope="col">SIM</th>
                      <th scope="col">Voice AI</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.members.map((m) => (
                      <SimRow
                        key={m.memberId}
                        member={m}
                        noneFree={data.available === 0}
                        pending={setSim.isPending && setSim.variables?.member.memberId === m.memberId}
                        busy={setSim.isPending}
                        onSet={(active) => {
                          setSim.reset();
                          setSim.mutate({ member: m, active });
                        }}
                      />
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {data.available === 0 && (
              <p className="hint" id="sims-none-free">
                {data.purchased === 0 ? 'No SIMs bought yet: buy them under Add-ons.' : 'Every SIM is assigned: buy more under Add-ons, or unassign one first.'}
              </p>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

function SimRow({
  member: m,
  noneFree,
  pending,
  busy,
  onSet,
}: {
  member: VoiceSimMember;
  noneFree: boolean;
  pending: boolean;
  busy: boolean;
  onSet: (active: boolean) => void;
}) {
  const voiceAi = voiceAiLabel(m);
  return (
    <tr>
      <th scope="row">
        {m.name}
        <div className="small muted">{m.email}</div>
      </th>
      <td>{roleLabels[m.role] ?? m.role}</td>
      <td>{m.voiceAddOnActive ? `Assigned ${formatDate(m.assignedAt)}` : '—'}</td>
      <td>
        <Badge tone={voiceAi.tone}>{voiceAi.text}</Badge>
      </td>
      <td>
        {m.voiceAddOnActive ? (
          <button type="button" className="button secondary small" disabled={busy} aria-label={`Unassign SIM from ${m.name}`} onClick={() => onSet(false)}>
            {pending ? 'Unassigning…' : 'Unassign SIM'}
          </button>
        ) : (
          <button
            type="button"
            className="button primary small"
            disabled={busy || noneFree}
            aria-label={`Assign SIM to ${m.name}`}
            aria-describedby={noneFree ? 'sims-none-free' : undefined}
            onClick={() => onSet(true)}
          >
            {pending ? 'Assigning…' : 'Assign SIM'}
          </button>
        )}
      </td>
    </tr>
  );
}
