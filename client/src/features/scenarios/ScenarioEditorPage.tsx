import { useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { fieldErrorsOf } from '../../api/errors';
import { Page } from '../../components/Page';
import { ErrorSummary, Field, FieldSet } from '../../components/Form';
import { QueryView } from '../../components/States';
import { Badge, StatusBadge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/Dialog';
import { personaQueries, scenarioQueries, type Scenario } from './api/queries';
import { RubricEditor } from './RubricEditor';
import { fromDto, newCriterion, toDto, type CriterionDraft } from './rubric';
import { difficultyTone } from '../../components/tones';

export function Component() {
  const { scenarioId } = useParams();
  if (!scenarioId) return <ScenarioForm key="new" />;
  return <EditScenario id={scenarioId} />;
}

function EditScenario({ id }: { id: string }) {
  const scenario = useQuery(scenarioQueries.detail(id));
  return (
    <QueryView query={scenario} loadingLabel="Loading the scenario…">
      {(s) => <ScenarioForm key={s.id} scenario={s} />}
    </QueryView>
  );
}

interface FormState {
  title: string;
  description: string;
  personaId: string;
  aiPrompt: string;
  passingThreshold: string;
  rubric: CriterionDraft[];
}

function initialState(s?: Scenario): FormState {
  return s
    ? {
        title: s.title,
        description: s.description,
        personaId: s.personaId,
        aiPrompt: s.aiPrompt,
        passingThreshold: String(s.passingThreshold),
        rubric: s.rubric.map(fromDto),
      }
    : { title: '', description: '', personaId: '', aiPrompt: '', passingThreshold: '70', rubric: [{ ...newCriterion('kpi_range'), name: 'Balanced talk time', min: '35', max: '55' }] };
}

const labels: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  personaId: 'Persona',
  aiPrompt: 'AI prompt',
  passingThreshold: 'Passing score',
  rubric: 'Rubric',
};

function ScenarioForm({ scenario }: { scenario?: Scenario }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const personas = useQuery(personaQueries.list());
  const [form, setForm] = useState<FormState>(() => initialState(scenario));
  const [dirty, setDirty] = useState(false);
  const location = useLocation();
  const [message, setMessage] = useState<string | null>(() => (location.state as { message?: string } | null)?.message ?? null);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const current = scenario;
  const created = useRef<string | null>(null);
  const readOnly = current?.status === 'archived';

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    setMessage(null);
  };

  const body = () => ({
    title: form.title.trim(),
    description: form.description.trim() || null,
    personaId: form.personaId || '00000000-0000-0000-0000-000000000000',
    aiPrompt: form.aiPrompt,
    passingThreshold: form.passingThreshold.trim() === '' ? 70 : Number(form.passingThreshold),
    rubric: form.rubric.map(toDto),
  });

  const afterChange = (s: Scenario) => {
    queryClient.setQueryData(scenarioQueries.detail(s.id).queryKey, s);
    void queryClient.invalidateQueries({ queryKey: scenarioQueries.lists() });
  };

  // Once a new scenario is created (say, publishing it then failed), later saves update it.
  const saveScenario = async () => {
    const id = current?.id ?? created.current;
    const saved = id
      ? await unwrap(api.PUT('/api/scenarios/{id}', { params: { path: { id } }, body: body() }))
      : await unwrap(api.POST('/api/scenarios', { body: body() }));
    created.current = saved.id;
    return saved;
  };

  const done = (s: Scenario, text: string) => {
    afterChange(s);
    setDirty(false);
    setMessage(text);
    // A new scenario gets its own address; the page there shows the message.
    if (!current) navigate(`/manage/scenarios/${s.id}`, { replace: true, state: { message: text } });
  };

  const save = useMutation({
    mutationFn: saveScenario,
    onSuccess: (s) => done(s, current ? 'Saved.' : 'Scenario created as a draft.'),
  });

  const publish = useMutation({
    mutationFn: async () => {
      let id = current?.id ?? created.current;
      if (!id || dirty) id = (await saveScenario()).id;
      return unwrap(api.POST('/api/scenarios/{id}/publish', { params: { path: { id } } }));
    },
    onSuccess: (s) => done(s, 'Published. Trainees can now practise it.'),
  });

  const archive = useMutation({
    mutationFn: () => unwrap(api.POST('/api/scenarios/{id}/archive', { params: { path: { id: current!.id } } })),
    onSuccess: (s) => {
      afterChange(s);
      setConfirmArchive(false);
      setMessage('Archived. It is hidden from trainees; past attempts are kept.');
    },
  });

  const error = save.error ?? publish.error;
  const errors = fieldErrorsOf(error);
  const busy = save.isPending || publish.isPending || archive.isPending;

  return (
    <Page
      title={current ? current.title || 'Untitled scenario' : 'New scenario'}
      description={current ? <>Status: <StatusBadge status={current.status} /></> : 'Write the roleplay: who the buyer is, how they behave and how the call is scored.'}
      actions={
        current?.status === 'published' ? (
          <Link className="button secondary" to={`/manage/assignments?assign=scenario&scenarioId=${current.id}`}>
            Assign
          </Link>
        ) : undefined
      }
    >
      <p className="live-message" role="status">
        {message}
      </p>
      <ErrorSummary error={error} labels={labels} />
      {readOnly && (
        <div className="notice" role="status">
          This scenario is archived and can no longer be edited.
        </div>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <fieldset disabled={readOnly} className="plain">
          <Field label="Title" path="title" errors={errors['title']}>
            {(p) => <input {...p} value={form.title} onChange={(e) => set('title', e.target.value)} />}
          </Field>
          <Field label="Description" path="description" errors={errors['description']} hint="What the trainee practises, shown before the call.">
            {(p) => <textarea {...p} rows={2} value={form.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <FieldSet legend="Persona (the AI buyer)" path="personaId" errors={errors['personaId']}>
            <QueryView query={personas} isEmpty={(d) => d.items.length === 0} empty={<p className="muted">No personas exist yet.</p>} loadingLabel="Loading personas…">
              {(data) => (
                <div className="persona-picker">
                  {data.items.map((p) => (
                    <label key={p.id} className={`persona-option${form.personaId === p.id ? ' selected' : ''}`}>
                      <input type="radio" name="personaId" value={p.id} checked={form.personaId === p.id} onChange={() => set('personaId', p.id)} />
                      <span>
                        <strong>{p.name}</strong> <Badge tone={difficultyTone(p.difficulty)}>{p.difficulty}</Badge>
                        <span className="small muted block">{p.description}</span>
                        <span className="small muted block">
                          Voice: {p.voiceProvider} / {p.voiceId}
                        </span>
                      </span>
                    </label>
                  ))}
                </div>
              )}
            </QueryView>
          </FieldSet>
          <Field label="AI prompt" path="aiPrompt" errors={errors['aiPrompt']} hint="The system prompt the AI buyer plays from: who they are, what they want, how they object.">
            {(p) => <textarea {...p} rows={6} value={form.aiPrompt} onChange={(e) => set('aiPrompt', e.target.value)} />}
          </Field>
          <Field label="Passing score" path="passingThreshold" errors={errors['passingThreshold']} hint="0–100. Attempts below it count as low scores.">
            {(p) => <input {...p} type="number" min={0} max={100} className="narrow" value={form.passingThreshold} onChange={(e) => set('passingThreshold', e.target.value)} />}
          </Field>
          <section aria-labelledby="rubric-title" className="rubric-section">
            <h2 id="rubric-title">Rubric</h2>
            <RubricEditor value={form.rubric} onChange={(r) => set('rubric', r)} errors={errors} />
          </section>
        </fieldset>
        <div className="form-actions">
          {!readOnly && (
            <button type="submit" className="button primary" disabled={busy}>
              {save.isPending ? 'Saving…' : current ? 'Save changes' : 'Save draft'}
            </button>
          )}
          {current?.status !== 'published' && !readOnly && (
            <button type="button" className="button" disabled={busy} onClick={() => publish.mutate()}>
              {publish.isPending ? 'Publishing…' : dirty || !current ? 'Save and publish' : 'Publish'}
            </button>
          )}
          {current && current.status !== 'archived' && (
            <button type="button" className="button danger-outline" disabled={busy} onClick={() => setConfirmArchive(true)}>
              Archive
            </button>
          )}
          <Link to="/manage/scenarios" className="button secondary">
            Back to scenarios
          </Link>
        </div>
      </form>
      <ConfirmDialog
        open={confirmArchive}
        title="Archive this scenario?"
        message="Trainees will no longer see it. Its attempts and scores are kept. An archived scenario cannot be edited or published again."
        confirmLabel="Archive"
        danger
        pending={archive.isPending}
        error={archive.error ? <ErrorSummary error={archive.error} /> : null}
        onConfirm={() => archive.mutate()}
        onClose={() => setConfirmArchive(false)}
      />
    </Page>
  );
}
