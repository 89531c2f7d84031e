import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { fieldErrorsOf } from '../../api/errors';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Badge, StatusBadge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ErrorSummary, Field } from '../../components/Form';
import { endOfDayIso, formatDate, toDateInput } from '../../lib/format';
import { memberQueries } from '../members';
import { assignmentQueries, type Assignment } from './api/queries';
import { assignmentTitle } from './assignmentTitle';
import { AssignDialog, type AssignDefaults } from './AssignDialog';
import { DueDate } from './DueDate';
import { TableWrap } from '../../components/TableWrap';

export function Component() {
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState<Schemas['AssignmentStatus'] | ''>('');
  const [memberId, setMemberId] = useState('');
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string | null>(null);
  const [reschedule, setReschedule] = useState<Assignment | null>(null);
  const [withdraw, setWithdraw] = useState<Assignment | null>(null);
  const members = useQuery(memberQueries.options());
  const query = useQuery(assignmentQueries.list({ status: status || undefined, memberId: memberId || undefined, page, pageSize: 20 }));

  // ?assign=scenario&scenarioId=… (from a scenario or track page) opens the dialog prefilled.
  const assignKind = params.get('assign');
  const [dialogOpen, setDialogOpen] = useState(assignKind === 'scenario' || assignKind === 'track');
  const defaults: AssignDefaults | undefined = assignKind
    ? { kind: assignKind === 'track' ? 'track' : 'scenario', scenarioId: params.get('scenarioId') ?? undefined, trackId: params.get('trackId') ?? undefined }
    : undefined;
  const closeDialog = () => {
    setDialogOpen(false);
    if (assignKind) setParams({}, { replace: true });
  };

  return (
    <Page
      title="Assignments"
      description="Who has what to practise, and by when."
      actions={
        <button type="button" className="button primary" onClick={() => setDialogOpen(true)}>
          New assignment
        </button>
      }
    >
      <p className="live-message" role="status">
        {message}
      </p>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              setPage(1);
            }}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="overdue">Overdue</option>
            <option value="completed">Completed</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="filter-member">Member</label>
          <select
            id="filter-member"
            value={memberId}
            onChange={(e) => {
              setMemberId(e.target.value);
              setPage(1);
            }}
          >
            <option value="">Everyone</option>
            {members.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryView
        query={query}
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title={status || memberId ? 'No assignment matches these filters' : 'No assignments yet'}>Use “New assignment” to give someone a scenario or a track.</EmptyState>}
      >
        {(data) => (
          <>
            <TableWrap label="Assignments table">
              <table>
                <caption className="visually-hidden">Assignments</caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Assignment</th>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((a) => (
                    <tr key={a.id}>
                      <td>{a.memberName}</td>
                      <td>
                        {assignmentTitle(a)} <Badge>{a.trackId ? 'Track' : 'Scenario'}</Badge>
                      </td>
                      <td>
                        <DueDate assignment={a} />
                      </td>
                      <td>
                        <StatusBadge status={a.status} />
                      </td>
                      <td className="actions">
                        {a.status !== 'completed' && (
                          <button type="button" className="button secondary small" onClick={() => setReschedule(a)}>
                            Change due date<span className="visually-hidden"> of {assignmentTitle(a)} for {a.memberName}</span>
                          </button>
                        )}
                        <button type="button" className="button danger-outline small" onClick={() => setWithdraw(a)}>
                          Withdraw<span className="visually-hidden"> {assignmentTitle(a)} from {a.memberName}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Assignments" />
          </>
        )}
      </QueryView>
      <AssignDialog
        open={dialogOpen}
        defaults={defaults}
        onClose={closeDialog}
        onAssigned={(text) => {
          closeDialog();
          setMessage(text);
        }}
      />
      <RescheduleDialog assignment={reschedule} onClose={() => setReschedule(null)} onDone={(text) => setMessage(text)} />
      <WithdrawDialog assignment={withdraw} onClose={() => setWithdraw(null)} onDone={(text) => setMessage(text)} />
    </Page>
  );
}

function RescheduleDialog({ assignment, onClose, onDone }: { assignment: Assignment | null; onClose: () => void; onDone: (text: string) => void }) {
  return (
    <Dialog open={!!assignment} title="Change the due date" onClose={onClose}>
      {assignment && <RescheduleForm key={assignment.id} assignment={assignment} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function RescheduleForm({ assignment, onClose, onDone }: { assignment: Assignment; onClose: () => void; onDone: (text: string) => void }) {
  const queryClient = useQueryClient();
  const [due, setDue] = useState(toDateInput(assignment.dueAt));
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/assignments/{id}', { params: { path: { id: assignment.id } }, body: { dueAt: due ? endOfDayIso(due) : null } })),
    onSuccess: (a) => {
      void queryClient.invalidateQueries({ queryKey: assignmentQueries.all() });
      onClose();
      onDone(a.dueAt ? `Due date of "${assignmentTitle(a)}" for ${a.memberName} moved to ${formatDate(a.dueAt)}.` : `Due date of "${assignmentTitle(a)}" removed.`);
    },
  });
  const errors = fieldErrorsOf(save.error);
  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p>
        {assignmentTitle(assignment)} for {assignment.memberName}
      </p>
      <ErrorSummary error={save.error} labels={{ dueAt: 'Due date' }} />
      <Field label="Due date" path="dueAt" errors={errors['dueAt']} hint="Leave empty for no due date.">
        {(p) => <input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
      </Field>
      <div className="dialog-footer">
        <button type="button" className="button secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}

function WithdrawDialog({ assignment, onClose, onDone }: { assignment: Assignment | null; onClose: () => void; onDone: (text: string) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (a: Assignment) => unwrap(api.DELETE('/api/assignments/{id}', { params: { path: { id: a.id } } })),
    onSuccess: (_, a) => {
      void queryClient.invalidateQueries({ queryKey: assignmentQueries.all() });
      onClose();
      onDone(`Withdrew "${assignmentTitle(a)}" from ${a.memberName}.`);
    },
  });
  return (
    <ConfirmDialog
      open={!!assignment}
      title="Withdraw this assignment?"
      message={assignment ? `${assignmentTitle(assignment)} will no longer be assigned to ${assignment.memberName}. Their attempts are kept.` : ''}
      confirmLabel="Withdraw"
      danger
      pending={remove.isPending}
      error={remove.error ? <ErrorSummary error={remove.error} /> : null}
      onConfirm={() => assignment && remove.mutate(assignment)}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    />
  );
}
