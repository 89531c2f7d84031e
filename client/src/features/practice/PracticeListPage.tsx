import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Badge } from '../../components/Badge';
import { difficultyTone } from '../../components/tones';
import { Pagination } from '../../components/Pagination';
import { scenarioQueries } from '../scenarios';

export function Component() {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const deferred = useDeferredValue(search.trim());
  const query = useQuery(scenarioQueries.list({ status: 'published', search: deferred || undefined, page, pageSize: 12 }));

  return (
    <Page title="Scenarios" description="Pick a scenario and practise the call. Every attempt is scored.">
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="scenario-search">Search</label>
          <input
            id="scenario-search"
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            placeholder="Scenario title"
          />
        </div>
      </div>
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={<EmptyState title={deferred ? 'No scenario matches' : 'No published scenarios yet'}>Your manager publishes scenarios to practise.</EmptyState>}>
        {(data) => (
          <>
            <ul className="card-grid">
              {data.items.map((s) => (
                <li key={s.id} className="card">
                  <h2 className="card-title">{s.title}</h2>
                  <p className="card-meta">
                    {s.personaName} · <Badge tone={difficultyTone(s.difficulty)}>{s.difficulty}</Badge>
                  </p>
                  <p>{s.description}</p>
                  <Link className="button" to={`/practice/${s.id}`}>
                    Practise<span className="visually-hidden"> {s.title}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Scenarios" />
          </>
        )}
      </QueryView>
    </Page>
  );
}
