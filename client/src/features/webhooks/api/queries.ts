import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../../api/client';

export type WebhookEndpoint = Schemas['WebhookEndpointDto'];
export type WebhookDelivery = Schemas['WebhookDeliveryDto'];
export type DeliveryStatus = Schemas['WebhookDeliveryStatus'];

/** Keys and fetchers of webhook endpoints, their secrets and their delivery log. */
export const webhookQueries = {
  all: () => ['webhooks'] as const,
  lists: () => [...webhookQueries.all(), 'list'] as const,
  list: (query: QueryOf<'listWebhookEndpoints'>) =>
    queryOptions({
      queryKey: [...webhookQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/webhooks', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  details: () => [...webhookQueries.all(), 'endpoint'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...webhookQueries.details(), id] as const,
      queryFn: () => unwrap(api.GET('/api/webhooks/{id}', { params: { path: { id } } })),
    }),
  /** The signing secret; asked for only when revealed, and not kept long after. */
  secret: (id: string) =>
    queryOptions({
      queryKey: [...webhookQueries.all(), 'secret', id] as const,
      queryFn: () => unwrap(api.GET('/api/webhooks/{id}/secret', { params: { path: { id } } })),
      staleTime: Infinity,
      gcTime: 60_000,
    }),
  /** The event types endpoints can subscribe to (webhook.test is sent only by "send test"). */
  subscribableEventTypes: () =>
    queryOptions({
      queryKey: [...webhookQueries.all(), 'event-types'] as const,
      queryFn: () => unwrap(api.GET('/api/webhooks/event-types')),
      select: (types) => types.filter((t) => t.subscribable),
      staleTime: Infinity,
    }),
  deliveryLists: () => [...webhookQueries.all(), 'deliveries'] as const,
  deliveries: (query: QueryOf<'listWebhookDeliveries'>) =>
    queryOptions({
      queryKey: [...webhookQueries.deliveryLists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/webhooks/deliveries', { params: { query } })),
      placeholderData: keepPreviousData,
      // While a delivery is on its way, look again so its outcome shows without a reload.
      refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 4000 : false),
    }),
  /** Every version of one delivery's detail. */
  deliveryVersions: (id: string) => [...webhookQueries.all(), 'delivery', id] as const,
  /** One delivery with its attempts; `version` (attempt count and status from the log) refetches it when another attempt is made. */
  delivery: (id: string, version: string) =>
    queryOptions({
      queryKey: [...webhookQueries.deliveryVersions(id), version] as const,
      queryFn: () => unwrap(api.GET('/api/webhooks/deliveries/{id}', { params: { path: { id } } })),
      placeholderData: keepPreviousData,
    }),
};
