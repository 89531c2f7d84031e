const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Dollars as the session screens show them: $1.20. */
export function formatUsd(amount: number): string {
  return usd.format(amount);
}

/** The running cost of a session after `elapsedSeconds` at its price (what the watchdog accrues). */
export function runningCost(elapsedSeconds: number, pricePerMinute: number): number {
  return (Math.max(0, elapsedSeconds) / 60) * pricePerMinute;
}

/** Why a session ended, in the member's words. */
export function endedReasonText(reason: string | null | undefined): string {
  switch (reason) {
    case 'completed':
      return 'You ended the session.';
    case 'cost_limit':
      return 'Stopped: the session reached its cost limit (circuit breaker).';
    case 'duration_limit':
      return 'Stopped: the session reached its longest allowed length.';
    case 'replaced':
      return 'Ended because you started another session.';
    case 'idle':
      return 'Ended after a long silence.';
    case 'provider_failed':
      return 'Ended because a voice provider failed.';
    default:
      return reason ? `Ended (${reason}).` : 'Ended.';
  }
}
