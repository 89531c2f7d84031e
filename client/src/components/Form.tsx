import { useId, type ReactNode } from 'react';
import { ApiError, errorMessage, planLimitOf } from '../api/errors';
import { describePath, fieldId } from '../lib/fieldPath';
import { PlanLimitHelp } from './PlanLimit';

type ControlProps = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true };

/**
 * A labelled form control with its hint and its errors. The API's field path names the control,
 * so the error summary can link to it.
 */
export function Field({
  label,
  path,
  errors,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  /** The API field path this control edits (used for the id and to find its errors). */
  path: string;
  errors?: string[];
  hint?: ReactNode;
  children: (props: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = fieldId(path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(errors?.length ? { 'aria-invalid': true as const } : {}) })}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div className="field-error" id={id}>
      {errors.map((e) => (
        <div key={e}>{e}</div>
      ))}
    </div>
  );
}

/** A group of radio buttons or checkboxes with a legend and its errors. */
export function FieldSet({ legend, path, errors, children }: { legend: ReactNode; path: string; errors?: string[]; children: ReactNode }) {
  const errorId = `${fieldId(path)}-error`;
  return (
    <fieldset className={`field${errors?.length ? ' field-invalid' : ''}`} id={fieldId(path)} aria-describedby={errors?.length ? errorId : undefined} tabIndex={-1}>
      <legend>{legend}</legend>
      {children}
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}

/**
 * What went wrong with a submission: the problem's message, and every field error as a link to
 * its control (the same errors also sit next to the fields).
 */
export function ErrorSummary({ error, labels = {} }: { error: unknown; labels?: Record<string, string> }) {
  const headingId = useId();
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.entries(error.fieldErrors) : [];
  const limit = planLimitOf(error);
  return (
    <div className="error-summary" role="alert" aria-labelledby={headingId} tabIndex={-1}>
      <strong id={headingId}>{fields.length ? 'Please correct the following' : errorMessage(error)}</strong>
      {limit && <PlanLimitHelp limit={limit} />}
      {fields.length > 0 && (
        <ul>
          {fields.map(([path, messages]) => (
            <li key={path}>
              <a
                href={`#${fieldId(path)}`}
                onClick={(e) => {
                  const el = document.getElementById(fieldId(path));
                  if (el) {
                    e.preventDefault();
                    el.focus();
                  }
                }}
              >
                {labels[path] ?? describePath(path)}: {messages.join(' ')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
