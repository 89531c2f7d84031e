import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { StatusBadge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { formatDate } from '../../lib/format';
import type { Schemas } from '../../api/client';
import { scenarioQueries } from './api/queries';
import { TableWrap } from '../../components/TableWrap';

export function Component() {
  const [status, setStatus] = useState<Schemas['ScenarioStatus'] | ''>('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const deferred = useDeferredValue(search.trim());
  const query = useQuery(scenarioQueries.list({ status: status || undefined, search: deferred || undefined, page, pageSize: 20 }));

  return (
    <Page
      title="Scenarios"
      description="Roleplays your team practises: an AI buyer, a prompt and a scoring rubric."
      actions={
        <Link className="button primary" to="/manage/scenarios/new">
          New scenario
        </Link>
      }
    >
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="scenario-status">Status</label>
          <select
            id="scenario-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              setPage(1);
            }}
          >
            <option value="">All</option>
            <option value="draft">Draft</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="scenario-search">Search</label>
          <input
            id="scenario-search"
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
          <EmptyState title={deferred || status ? 'No scenario matches' : 'No scenarios yet'}>
            <Link to="/manage/scenarios/new">Create the first scenario</Link>.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <TableWrap label="Scenarios table">
              <table>
                <caption className="visually-hidden">Scenarios</caption>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Persona</th>
                    <th scope="col">Difficulty</th>
                    <th scope="col">Pass mark</th>
                    <th scope="col">Status</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/manage/scenarios/${s.id}`}>{s.title}</Link>
                      </td>
                      <td>{s.personaName}</td>
                      <td>{s.difficulty}</td>
                      <td>{s.passingThreshold}</td>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      <td>{formatDate(s.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Scenarios" />
          </>
        )}
      </QueryView>
    </Page>
  );
}
