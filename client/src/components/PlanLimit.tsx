import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { describeLimitUsage, type PlanLimit } from '../api/errors';
import { sessionQueries } from '../auth/queries';

/**
 * What to do about a plan limit: the numbers, and the way to Billing for admins (others are told
 * to ask one). The API's message already names the limit.
 */
export function PlanLimitHelp({ limit }: { limit: PlanLimit }) {
  const me = useQueryClient().getQueryData(sessionQueries.me().queryKey);
  const usage = describeLimitUsage(limit);
  return (
    <div className="plan-limit">
      {usage && <p>{usage}</p>}
      <p>
        {!me || me.role === 'admin' ? (
          <Link to="/admin/billing">{limit.limit === 'past_due' ? 'Fix the payment in Billing' : 'See plans and upgrade in Billing'}</Link>
        ) : (
          'Ask an admin of your organization to upgrade the plan.'
        )}
      </p>
    </div>
  );
}
