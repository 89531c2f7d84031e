import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../../api/client';

export type Track = Schemas['TrackDto'];
export type TrackListQuery = QueryOf<'listTracks'>;

/** Keys and fetchers of tracks. */
export const trackQueries = {
  all: () => ['tracks'] as const,
  lists: () => [...trackQueries.all(), 'list'] as const,
  list: (query: TrackListQuery) =>
    queryOptions({
      queryKey: [...trackQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/tracks', { params: { query } })),
    }),
  details: () => [...trackQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...trackQueries.details(), id] as const,
      queryFn: () => unwrap(api.GET('/api/tracks/{id}', { params: { path: { id } } })),
    }),
};
