import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../lib/format';
import type { WebhookEndpoint } from './api/queries';

/** Enabled, disabled (by an admin or by the platform, with its reason) or failing since a time. */
export function EndpointStatus({ endpoint: e, detailed }: { endpoint: WebhookEndpoint; detailed?: boolean }) {
  if (!e.enabled)
    return (
      <>
        <Badge tone="warning">Disabled</Badge>
        {detailed && e.disabledReason && <span className="block small muted">{e.disabledReason}</span>}
      </>
    );
  if (e.failingSince)
    return (
      <>
        <Badge tone="danger">Failing</Badge>
        <span className="block small muted">Every delivery has failed since {formatDateTime(e.failingSince)}.</span>
      </>
    );
  return <Badge tone="success">Enabled</Badge>;
}
