export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const statusTones: Record<string, Tone> = {
  draft: 'neutral',
  published: 'success',
  archived: 'warning',
  pending: 'info',
  completed: 'success',
  overdue: 'danger',
  in_progress: 'info',
  failed: 'danger',
  active: 'success',
  deactivated: 'warning',
  succeeded: 'success',
  none: 'neutral',
  trialing: 'info',
  past_due: 'danger',
  canceled: 'warning',
  paid: 'success',
  payment_failed: 'danger',
  revoked: 'warning',
};

export function statusTone(status: string): Tone {
  return statusTones[status] ?? 'neutral';
}

export function difficultyTone(difficulty: string): Tone {
  return difficulty === 'hard' ? 'danger' : difficulty === 'medium' ? 'warning' : 'success';
}
