import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMe } from '../../auth/me';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Pagination } from '../../components/Pagination';
import { AttemptsTable } from './AttemptsTable';
import { attemptQueries } from './api/queries';

export function Component() {
  const me = useMe();
  const [page, setPage] = useState(1);
  const query = useQuery({ ...attemptQueries.list({ memberId: me.id, page, pageSize: 20 }), placeholderData: keepPreviousData });
  return (
    <Page title="My attempts" description="Every practice call you have made, newest first.">
      <QueryView
        query={query}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState title="No attempts yet">
            <Link to="/practice">Practise a scenario</Link> to see your first score.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <AttemptsTable attempts={data.items} />
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Attempts" />
          </>
        )}
      </QueryView>
    </Page>
  );
}
