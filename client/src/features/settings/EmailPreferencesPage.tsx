import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/States';
import { ErrorSummary, Field, FieldSet } from '../../components/Form';
import { settingsQueries } from './api/queries';

type Preferences = Schemas['EmailPreferencesDto'];
type Digest = Schemas['DigestFrequency'];

/** Which emails the signed-in member gets; essential ones (security, failed payments) always arrive. */
export function Component() {
  const query = useQuery(settingsQueries.emailPreferences());
  return (
    <Page title="Email settings" description="Choose which emails you get. Security and billing notices always arrive.">
      <QueryView query={query} loadingLabel="Loading your email settings…">
        {(prefs) => <PreferencesForm initial={prefs} />}
      </QueryView>
    </Page>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const queryClient = useQueryClient();
  const [assignmentEmails, setAssignment] = useState(initial.assignmentEmails);
  const [feedbackEmails, setFeedback] = useState(initial.feedbackEmails);
  const [digest, setDigest] = useState<Digest>(initial.digest);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/members/me/email-preferences', { body: { assignmentEmails, feedbackEmails, digest } })),
    onSuccess: (data) => {
      queryClient.setQueryData(settingsQueries.emailPreferences().queryKey, data);
      setSaved(true);
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <ErrorSummary error={save.error} />
      <FieldSet legend="Notifications" path="notifications">
        <label className="checkbox-inline">
          <input type="checkbox" checked={assignmentEmails} onChange={(e) => { setAssignment(e.target.checked); setSaved(false); }} /> New assignments
        </label>
        <label className="checkbox-inline">
          <input type="checkbox" checked={feedbackEmails} onChange={(e) => { setFeedback(e.target.checked); setSaved(false); }} /> Feedback ready after a practice call
        </label>
      </FieldSet>
      <Field label="Team digest" path="digest" errors={errors.digest} hint="Managers get a summary of their team's completions, scores and overdue assignments.">
        {(props) => (
          <select {...props} value={digest} onChange={(e) => { setDigest(e.target.value as Digest); setSaved(false); }}>
            <option value="weekly">Weekly</option>
            <option value="daily">Daily</option>
            <option value="off">Off</option>
          </select>
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <p className="live-message" role="status">
          {saved ? 'Saved.' : ''}
        </p>
      </div>
    </form>
  );
}
