import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../api/client';
import { fieldErrorsOf } from '../../api/errors';
import { ErrorSummary, Field, FieldSet } from '../../components/Form';
import { Loading, ErrorState } from '../../components/States';
import { webhookQueries, type WebhookEndpoint } from './api/queries';

export type WebhookBody = Schemas['CreateWebhookEndpointCommand'];

const labels = { name: 'Name', url: 'URL', events: 'Events', enabled: 'Enabled' };

/** The errors of a field and of its items ("events" and "events[2]"). */
function errorsUnder(errors: Record<string, string[]>, path: string): string[] | undefined {
  const found = Object.entries(errors)
    .filter(([key]) => key === path || key.startsWith(`${path}[`))
    .flatMap(([, messages]) => messages);
  return found.length ? found : undefined;
}

/**
 * Name, URL, subscribed events and the enabled switch of a webhook endpoint. The API checks the URL
 * (https, public address) and its reason for refusing one appears next to the field.
 */
export function WebhookForm({
  endpoint,
  submitLabel,
  pending,
  error,
  onSubmit,
  actions,
}: {
  endpoint?: WebhookEndpoint;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: WebhookBody) => void;
  actions?: ReactNode;
}) {
  const eventTypes = useQuery(webhookQueries.subscribableEventTypes());
  const [name, setName] = useState(endpoint?.name ?? '');
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [events, setEvents] = useState<string[]>(endpoint?.events ?? []);
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);
  const errors = fieldErrorsOf(error);
  const eventErrors = errorsUnder(errors, 'events');
  const all = eventTypes.data?.map((t) => t.type) ?? [];

  // Ticked events keep the API's order, whatever order they were ticked in.
  const toggle = (type: string, on: boolean) => setEvents((current) => (on ? all.filter((t) => t === type || current.includes(t)) : current.filter((t) => t !== type)));

  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ name: name.trim(), url: url.trim(), events, enabled });
      }}
    >
      <ErrorSummary error={error} labels={labels} />
      <Field label="Name" path="name" errors={errors['name']} hint="For you: which system receives these events, e.g. “CRM”.">
        {(p) => <input {...p} type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        label="URL"
        path="url"
        errors={errors['url']}
        hint="An https:// address on the public internet. Private, loopback and internal addresses are refused (a development server may allow them for local receivers)."
      >
        {(p) => <input {...p} type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://example.com/webhooks/voice-training" value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <FieldSet legend="Events" path="events" errors={eventErrors}>
        {eventTypes.isPending ? (
          <Loading label="Loading the event types…" />
        ) : eventTypes.isError ? (
          <ErrorState error={eventTypes.error} title="Could not load the event types" onRetry={() => void eventTypes.refetch()} />
        ) : (
          <>
            <div className="button-row event-shortcuts">
              <button type="button" className="link-button small" onClick={() => setEvents(all)} disabled={events.length === all.length}>
                Select all
              </button>
              <button type="button" className="link-button small" onClick={() => setEvents([])} disabled={events.length === 0}>
                Clear
              </button>
            </div>
            <ul className="checkbox-list">
              {eventTypes.data.map((t) => (
                <li key={t.type}>
                  <label>
                    <input type="checkbox" checked={events.includes(t.type)} onChange={(e) => toggle(t.type, e.target.checked)} />
                    <span>
                      <code>{t.type}</code>
                      <span className="block small muted">{t.description}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
      </FieldSet>
      <div className={`field${errors['enabled'] ? ' field-invalid' : ''}`}>
        <label className="switch">
          <input type="checkbox" role="switch" id="field-enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} aria-describedby="field-enabled-hint" />
          <span>Enabled</span>
        </label>
        <div className="hint" id="field-enabled-hint">
          {enabled ? 'Events are delivered to this endpoint.' : 'Nothing is sent while it is off; events that happen meanwhile are not queued for it.'}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {actions}
      </div>
    </form>
  );
}
