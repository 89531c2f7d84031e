import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Keys and fetchers of the signed-in member's own settings. */
export const settingsQueries = {
  all: () => ['settings'] as const,
  emailPreferences: () =>
    queryOptions({
      queryKey: [...settingsQueries.all(), 'email-preferences'] as const,
      queryFn: () => unwrap(api.GET('/api/members/me/email-preferences')),
    }),
};
