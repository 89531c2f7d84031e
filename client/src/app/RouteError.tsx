import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Shown when a route fails to render or its code cannot be loaded (say, after a deploy). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : 'Unknown error';
  return (
    <main className="centered" id="main">
      <div className="state state-error" role="alert">
        <h1>Something went wrong</h1>
        <p>{message}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    </main>
  );
}
