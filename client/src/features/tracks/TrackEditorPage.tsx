import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { trackQueries, type Track } from './api/queries';
import { fieldErrorsOf } from '../../api/errors';
import { Page } from '../../components/Page';
import { ErrorSummary, Field, FieldErrors } from '../../components/Form';
import { fieldId } from '../../lib/fieldPath';
import { QueryView } from '../../components/States';
import { StatusBadge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/Dialog';
import { scenarioQueries } from '../scenarios';
import { move } from '../../lib/list';

type Step = { scenarioId: string; title: string; status: Schemas['ScenarioStatus'] };

export function Component() {
  const { trackId } = useParams();
  if (!trackId) return <TrackForm key="new" />;
  return <EditTrack id={trackId} />;
}

function EditTrack({ id }: { id: string }) {
  const track = useQuery(trackQueries.detail(id));
  return <QueryView query={track}>{(t) => <TrackForm key={t.id} track={t} />}</QueryView>;
}

function TrackForm({ track }: { track?: Track }) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(track?.title ?? '');
  const [description, setDescription] = useState(track?.description ?? '');
  const [steps, setSteps] = useState<Step[]>(() => track?.scenarios.map((s) => ({ scenarioId: s.scenarioId, title: s.title, status: s.status })) ?? []);
  const [adding, setAdding] = useState('');
  const [message, setMessage] = useState<string | null>(() => (location.state as { message?: string } | null)?.message ?? null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const scenarios = useQuery(scenarioQueries.list({ pageSize: 100, sort: 'oldest' }));
  const focusAfter = useRef<string | null>(null);

  useEffect(() => {
    const id = focusAfter.current;
    focusAfter.current = null;
    if (id) document.getElementById(id)?.focus();
  });

  const body = () => ({ title: title.trim(), description: description.trim() || null, scenarioIds: steps.map((s) => s.scenarioId) });
  const save = useMutation({
    mutationFn: () =>
      track ? unwrap(api.PUT('/api/tracks/{id}', { params: { path: { id: track.id } }, body: body() })) : unwrap(api.POST('/api/tracks', { body: body() })),
    onSuccess: (t) => {
      queryClient.setQueryData(trackQueries.detail(t.id).queryKey, t);
      void queryClient.invalidateQueries({ queryKey: trackQueries.lists() });
      setMessage('Saved.');
      if (!track) navigate(`/manage/tracks/${t.id}`, { replace: true, state: { message: 'Track created.' } });
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/tracks/{id}', { params: { path: { id: track!.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trackQueries.lists() });
      navigate('/manage/tracks', { replace: true });
    },
  });

  const errors = fieldErrorsOf(save.error);
  const available = (scenarios.data?.items ?? []).filter((s) => s.status !== 'archived' && !steps.some((st) => st.scenarioId === s.id));

  const moveStep = (i: number, delta: -1 | 1) => {
    const step = steps[i]!;
    const to = i + delta;
    // Keep focus on the moved scenario's button in the same direction, or the other one at an end.
    const dir = to === 0 ? 'down' : to === steps.length - 1 ? 'up' : delta < 0 ? 'up' : 'down';
    focusAfter.current = `step-${step.scenarioId}-${dir}`;
    setSteps(move(steps, i, delta));
    setMessage(`Moved "${step.title}" to position ${to + 1}.`);
  };

  return (
    <Page title={track ? track.title : 'New track'} description="Trainees take the scenarios in this order.">
      <p className="live-message" role="status">
        {message}
      </p>
      <ErrorSummary error={save.error} labels={{ title: 'Title', scenarioIds: 'Scenarios' }} />
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field label="Title" path="title" errors={errors['title']}>
          {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label="Description" path="description" errors={errors['description']}>
          {(p) => <textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <section aria-labelledby="steps-heading" className="steps-section" id={fieldId('scenarioIds')} tabIndex={-1}>
          <h2 id="steps-heading">Scenarios, in order</h2>
          <FieldErrors errors={Object.entries(errors).filter(([k]) => k.startsWith('scenarioIds')).flatMap(([, v]) => v)} />
          {steps.length === 0 ? (
            <p className="muted">No scenarios yet. Add them below.</p>
          ) : (
            <ol className="steps">
              {steps.map((s, i) => (
                <li key={s.scenarioId} className="step">
                  <span className="step-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span className="step-title">
                    {s.title} {s.status !== 'published' && <StatusBadge status={s.status} />}
                  </span>
                  <span className="button-row">
                    <button type="button" id={`step-${s.scenarioId}-up`} className="button secondary small" disabled={i === 0} onClick={() => moveStep(i, -1)}>
                      Move up<span className="visually-hidden">: {s.title}</span>
                    </button>
                    <button
                      type="button"
                      id={`step-${s.scenarioId}-down`}
                      className="button secondary small"
                      disabled={i === steps.length - 1}
                      onClick={() => moveStep(i, 1)}
                    >
                      Move down<span className="visually-hidden">: {s.title}</span>
                    </button>
                    <button
                      type="button"
                      className="button danger-outline small"
                      onClick={() => {
                        focusAfter.current = 'add-scenario';
                        setSteps(steps.filter((_, j) => j !== i));
                        setMessage(`Removed "${s.title}".`);
                      }}
                    >
                      Remove<span className="visually-hidden">: {s.title}</span>
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          )}
          <div className="add-row">
            <div className="field inline">
              <label htmlFor="add-scenario">Add a scenario</label>
              <select id="add-scenario" value={adding} onChange={(e) => setAdding(e.target.value)} disabled={available.length === 0}>
                <option value="">{scenarios.isPending ? 'Loading…' : available.length ? 'Choose a scenario' : 'No more scenarios'}</option>
                {available.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                    {s.status === 'draft' ? ' (draft)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button secondary"
              disabled={!adding}
              onClick={() => {
                const s = available.find((x) => x.id === adding);
                if (!s) return;
                setSteps([...steps, { scenarioId: s.id, title: s.title, status: s.status }]);
                setAdding('');
                setMessage(`Added "${s.title}" at position ${steps.length + 1}.`);
                focusAfter.current = 'add-scenario';
              }}
            >
              Add
            </button>
          </div>
        </section>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : track ? 'Save changes' : 'Create track'}
          </button>
          {track && (
            <>
              <Link className="button secondary" to={`/manage/assignments?assign=track&trackId=${track.id}`}>
                Assign
              </Link>
              <button type="button" className="button danger-outline" onClick={() => setConfirmDelete(true)}>
                Delete track
              </button>
            </>
          )}
          <Link to="/manage/tracks" className="button secondary">
            Back to tracks
          </Link>
        </div>
      </form>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this track?"
        message="The track is removed; its scenarios stay. A track that someone is assigned cannot be deleted."
        confirmLabel="Delete"
        danger
        pending={remove.isPending}
        error={remove.error ? <ErrorSummary error={remove.error} /> : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      />
    </Page>
  );
}
