import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Schemas } from '../api/client';
import { sessionQueries } from '../auth/queries';

/**
 * Renders a screen inside a router and a fresh query client, at the given address; `me` signs a
 * member in (what the app shell does before any screen that asks who is signed in).
 */
export function renderRoute(element: ReactElement, { path = '/', at = '/', me }: { path?: string; at?: string; me?: Schemas['MemberDto'] } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (me) client.setQueryData(sessionQueries.me().queryKey, me);
  const router = createMemoryRouter([{ path, element }, { path: '*', element: <p>elsewhere</p> }], { initialEntries: [at] });
  const result = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, router, client };
}
