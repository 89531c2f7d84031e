import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../api/client';

export type WebhookEndpoint = Schemas['WebhookEndpointDto'];
export type WebhookDelivery = Schemas['WebhookDeliveryDto'];
export type DeliveryStatus = Schemas['WebhookDeliveryStatus'];

export function useWebhookEndpoints(query: QueryOf<'listWebhookEndpoints'>) {
  return useQuery({
    queryKey: ['webhooks', 'list', query],
    queryFn: () => unwrap(api.GET('/api/webhooks', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useWebhookEndpoint(id: string | undefined) {
  return useQuery({
    queryKey: ['webhooks', 'endpoint', id],
    queryFn: () => unwrap(api.GET('/api/webhooks/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** The event types endpoints can subscribe to (webhook.test is sent only by "send test"). */
export function useSubscribableEventTypes() {
  return useQuery({
    queryKey: ['webhooks', 'event-types'],
    queryFn: () => unwrap(api.GET('/api/webhooks/event-types')),
    select: (types) => types.filter((t) => t.subscribable),
    staleTime: Infinity,
  });
}

export function useWebhookDeliveries(query: QueryOf<'listWebhookDeliveries'>) {
  return useQuery({
    queryKey: ['webhooks', 'deliveries', query],
    queryFn: () => unwrap(api.GET('/api/webhooks/deliveries', { params: { query } })),
    placeholderData: keepPreviousData,
    // While a delivery is on its way, look again so its outcome shows without a reload.
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 4000 : false),
  });
}

/** One delivery with its attempts; `version` (attempt count and status from the log) refetches it when another attempt is made. */
export function useWebhookDelivery(id: string, version: string) {
  return useQuery({
    queryKey: ['webhooks', 'delivery', id, version],
    queryFn: () => unwrap(api.GET('/api/webhooks/deliveries/{id}', { params: { path: { id } } })),
    placeholderData: keepPreviousData,
  });
}
