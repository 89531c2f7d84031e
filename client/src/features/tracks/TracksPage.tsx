import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { trackQueries } from './api/queries';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Pagination } from '../../components/Pagination';
import { formatDate } from '../../lib/format';
import { TableWrap } from '../../components/TableWrap';

export function Component() {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const deferred = useDeferredValue(search.trim());
  const query = useQuery({ ...trackQueries.list({ search: deferred || undefined, page, pageSize: 20 }), placeholderData: keepPreviousData });
  return (
    <Page
      title="Tracks"
      description="Ordered sets of scenarios; finishing all of them completes the track."
      actions={
        <Link className="button primary" to="/manage/tracks/new">
          New track
        </Link>
      }
    >
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="track-search">Search</label>
          <input
            id="track-search"
            type="search"
            value={search}
            placeholder="Title"
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </div>
      </div>
      <QueryView
        query={query}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState title={deferred ? 'No track matches' : 'No tracks yet'}>
            <Link to="/manage/tracks/new">Create a track</Link> from your scenarios.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <TableWrap label="Tracks table">
              <table>
                <caption className="visually-hidden">Tracks</caption>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Scenarios</th>
                    <th scope="col">Description</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((t) => (
                    <tr key={t.id}>
                      <td>
                        <Link to={`/manage/tracks/${t.id}`}>{t.title}</Link>
                      </td>
                      <td>{t.scenarioCount}</td>
                      <td>{t.description}</td>
                      <td>{formatDate(t.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Tracks" />
          </>
        )}
      </QueryView>
    </Page>
  );
}
