import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { fieldErrorsOf } from '../../api/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary, Field, FieldSet } from '../../components/Form';
import { endOfDayIso, toDateInput } from '../../lib/format';
import { memberQueries } from '../members';
import { scenarioQueries } from '../scenarios';
import { trackQueries } from '../tracks';
import { assignmentQueries } from './api/queries';

export interface AssignDefaults {
  kind?: 'scenario' | 'track';
  scenarioId?: string;
  trackId?: string;
}

/** Gives a published scenario or a track to a member, with an optional due date. */
export function AssignDialog({ open, onClose, defaults, onAssigned }: { open: boolean; onClose: () => void; defaults?: AssignDefaults; onAssigned: (what: string) => void }) {
  return (
    <Dialog open={open} title="New assignment" onClose={onClose}>
      {open && <AssignForm defaults={defaults} onClose={onClose} onAssigned={onAssigned} />}
    </Dialog>
  );
}

function AssignForm({ defaults, onClose, onAssigned }: { defaults?: AssignDefaults; onClose: () => void; onAssigned: (what: string) => void }) {
  const queryClient = useQueryClient();
  const members = useQuery(memberQueries.options());
  const scenarios = useQuery(scenarioQueries.list({ status: 'published', pageSize: 100, sort: 'oldest' }));
  const tracks = useQuery(trackQueries.list({ pageSize: 100 }));
  const [memberId, setMemberId] = useState('');
  const [kind, setKind] = useState<'scenario' | 'track'>(defaults?.kind ?? 'scenario');
  const [scenarioId, setScenarioId] = useState(defaults?.scenarioId ?? '');
  const [trackId, setTrackId] = useState(defaults?.trackId ?? '');
  const [due, setDue] = useState(() => toDateInput(new Date(Date.now() + 7 * 86_400_000).toISOString()));

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/assignments', {
          body: {
            memberId: memberId || '00000000-0000-0000-0000-000000000000',
            scenarioId: kind === 'scenario' ? scenarioId || null : null,
            trackId: kind === 'track' ? trackId || null : null,
            dueAt: due ? endOfDayIso(due) : null,
          },
        }),
      ),
    onSuccess: (a) => {
      void queryClient.invalidateQueries({ queryKey: assignmentQueries.all() });
      onAssigned(`Assigned "${a.scenarioTitle ?? a.trackTitle}" to ${a.memberName}.`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const labels = { memberId: 'Member', scenarioId: 'Scenario', trackId: 'Track', dueAt: 'Due date' };

  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <ErrorSummary error={create.error} labels={labels} />
      <Field label="Member" path="memberId" errors={errors['memberId']}>
        {(p) => (
          <select {...p} value={memberId} onChange={(e) => setMemberId(e.target.value)}>
            <option value="">{members.isPending ? 'Loading…' : 'Choose a member'}</option>
            {members.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.role})
              </option>
            ))}
          </select>
        )}
      </Field>
      <FieldSet legend="Assign" path="kind">
        <div className="radio-row">
          <label>
            <input type="radio" name="kind" checked={kind === 'scenario'} onChange={() => setKind('scenario')} /> A scenario
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'track'} onChange={() => setKind('track')} /> A track
          </label>
        </div>
      </FieldSet>
      {kind === 'scenario' ? (
        <Field label="Scenario" path="scenarioId" errors={errors['scenarioId']} hint="Only published scenarios can be assigned.">
          {(p) => (
            <select {...p} value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
              <option value="">{scenarios.isPending ? 'Loading…' : 'Choose a scenario'}</option>
              {scenarios.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field label="Track" path="trackId" errors={errors['trackId']}>
          {(p) => (
            <select {...p} value={trackId} onChange={(e) => setTrackId(e.target.value)}>
              <option value="">{tracks.isPending ? 'Loading…' : 'Choose a track'}</option>
              {tracks.data?.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title} ({t.scenarioCount} scenarios)
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Due date" path="dueAt" errors={errors['dueAt']} hint="Optional. Due at the end of that day.">
        {(p) => <input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
      </Field>
      <div className="dialog-footer">
        <button type="button" className="button secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? 'Assigning…' : 'Assign'}
        </button>
      </div>
    </form>
  );
}
