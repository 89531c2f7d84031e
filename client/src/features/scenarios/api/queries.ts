import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../../api/client';

export type Scenario = Schemas['ScenarioDto'];
export type ScenarioSummary = Schemas['ScenarioSummaryDto'];
export type ScenarioListQuery = QueryOf<'listScenarios'>;

/** Keys and fetchers of scenarios: `all()` covers every scenario query, `lists()` every list. */
export const scenarioQueries = {
  all: () => ['scenarios'] as const,
  lists: () => [...scenarioQueries.all(), 'list'] as const,
  list: (query: ScenarioListQuery) =>
    queryOptions({
      queryKey: [...scenarioQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/scenarios', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  details: () => [...scenarioQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...scenarioQueries.details(), id] as const,
      queryFn: () => unwrap(api.GET('/api/scenarios/{id}', { params: { path: { id } } })),
    }),
};

/** The personas a scenario can use (the catalogue changes rarely). */
export const personaQueries = {
  all: () => ['personas'] as const,
  list: () =>
    queryOptions({
      queryKey: [...personaQueries.all(), 'list'] as const,
      queryFn: () => unwrap(api.GET('/api/personas', { params: { query: { pageSize: 100, sort: 'oldest' } } })),
      staleTime: 5 * 60_000,
    }),
};
