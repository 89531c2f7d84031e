import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../api/client';

export type Scenario = Schemas['ScenarioDto'];
export type ScenarioSummary = Schemas['ScenarioSummaryDto'];

export function useScenarios(query: QueryOf<'listScenarios'>, enabled = true) {
  return useQuery({
    queryKey: ['scenarios', 'list', query],
    queryFn: () => unwrap(api.GET('/api/scenarios', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useScenario(id: string | undefined) {
  return useQuery({
    queryKey: ['scenarios', 'one', id],
    queryFn: () => unwrap(api.GET('/api/scenarios/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function usePersonas() {
  return useQuery({
    queryKey: ['personas'],
    queryFn: () => unwrap(api.GET('/api/personas', { params: { query: { pageSize: 100, sort: 'oldest' } } })),
    staleTime: 5 * 60_000,
  });
}
