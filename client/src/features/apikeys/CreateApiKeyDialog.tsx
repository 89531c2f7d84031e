import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { fieldErrorsOf } from '../../api/errors';
import { apiKeyQueries } from './api/queries';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary, Field, FieldSet } from '../../components/Form';
import { CopyButton } from '../../components/CopyButton';

type Created = Schemas['ApiKeyCreatedDto'];

/**
 * Creates an API key, then shows it once: the API keeps only its hash, so after this dialog closes
 * nobody can see it again.
 */
export function CreateApiKeyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (message: string) => void }) {
  const [created, setCreated] = useState<Created | null>(null);
  const close = () => {
    if (created) onCreated(`API key “${created.apiKey.name}” created.`);
    setCreated(null);
    onClose();
  };
  return (
    <Dialog open={open} title={created ? 'Copy your new API key' : 'New API key'} onClose={close}>
      {open && (created ? <KeyShownOnce created={created} onDone={close} /> : <CreateForm onCancel={close} onCreated={setCreated} />)}
    </Dialog>
  );
}

function CreateForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (c: Created) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/api-keys', { body: { name: name.trim(), scopes: write ? ['read', 'write'] : ['read'] } })),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: apiKeyQueries.all() });
      onCreated(c);
    },
  });
  const errors = fieldErrorsOf(create.error);
  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <ErrorSummary error={create.error} labels={{ name: 'Name', scopes: 'Access' }} />
      <Field label="Name" path="name" errors={errors['name']} hint="What uses it, e.g. “Zapier” or “CRM sync”.">
        {(p) => <input {...p} type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <FieldSet legend="Access" path="scopes" errors={errors['scopes']}>
        <div className="radio-stack">
          <div>
            <label>
              <input type="radio" name="scope" checked={!write} onChange={() => setWrite(false)} aria-describedby="scope-read-hint" /> Read
            </label>
            <span className="hint block" id="scope-read-hint">
              Lists and reads (GET requests) only.
            </span>
          </div>
          <div>
            <label>
              <input type="radio" name="scope" checked={write} onChange={() => setWrite(true)} aria-describedby="scope-write-hint" /> Read and write
            </label>
            <span className="hint block" id="scope-write-hint">
              Also creates, changes and deletes, with an admin’s reach (webhook endpoints, assignments, members…).
            </span>
          </div>
        </div>
      </FieldSet>
      <div className="dialog-footer">
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}

function KeyShownOnce({ created, onDone }: { created: Created; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  // The form that had focus is gone: start at the key, selected, ready to copy.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <div className="key-once">
      <div className="notice notice-warning" role="alert">
        <strong>This is the only time you will see this key.</strong> Copy it now and keep it somewhere safe, such as your integration’s settings or a password manager.
        If you lose it, revoke it and create a new one.
      </div>
      <label htmlFor="new-api-key" className="block">
        <strong>{created.apiKey.name}</strong> <span className="muted small">({created.apiKey.scopes.join(', ')})</span>
      </label>
      <div className="secret-row">
        <input ref={input} id="new-api-key" className="secret-input" type="text" readOnly value={created.key} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton value={created.key} what="the API key" />
      </div>
      <p className="small muted">
        Send it as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-Api-Key: &lt;key&gt;</code>.
      </p>
      <div className="dialog-footer">
        <button type="button" className="button primary" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}
