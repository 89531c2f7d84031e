import { useEffect, type ReactNode } from 'react';

/** A page: its heading (the target of focus after navigation) and the document title. */
export function Page({ title, actions, children, description }: { title: string; actions?: ReactNode; description?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Voice AI Training`;
  }, [title]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1 id="page-title" tabIndex={-1}>
            {title}
          </h1>
          {description && <p className="muted">{description}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
