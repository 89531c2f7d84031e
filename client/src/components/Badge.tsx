import type { ReactNode } from 'react';

import { statusTone, type Tone } from './tones';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const label = status.replace(/_/g, ' ');
  return <Badge tone={statusTone(status)}>{label.charAt(0).toUpperCase() + label.slice(1)}</Badge>;
}
