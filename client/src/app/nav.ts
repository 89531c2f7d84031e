import type { Role } from '../auth/me';

export interface NavItem {
  label: string;
  /** Route of the screen; absent while the API behind it is still being built. */
  to?: string;
  /** Shown only in local mode (the local mailbox). */
  localOnly?: boolean;
}

export interface NavSection {
  label: string;
  minRole: Role;
  items: NavItem[];
}

export const navSections: NavSection[] = [
  {
    label: 'Practice',
    minRole: 'trainee',
    items: [
      { label: 'My assignments', to: '/assignments' },
      { label: 'Scenarios', to: '/practice' },
      { label: 'My attempts', to: '/attempts' },
      { label: 'My progress', to: '/progress' },
      { label: 'Leaderboard', to: '/leaderboard' },
      { label: 'Email settings', to: '/settings/email' },
    ],
  },
  {
    label: 'Manage',
    minRole: 'manager',
    items: [
      { label: 'Scenarios', to: '/manage/scenarios' },
      { label: 'Tracks', to: '/manage/tracks' },
      { label: 'Assignments', to: '/manage/assignments' },
      { label: 'Team results', to: '/manage/results' },
    ],
  },
  {
    label: 'Admin',
    minRole: 'admin',
    items: [
      { label: 'Members', to: '/admin/members' },
      { label: 'Webhooks', to: '/admin/webhooks' },
      { label: 'API keys', to: '/admin/api-keys' },
      { label: 'Billing', to: '/admin/billing' },
      { label: 'Feature flags', to: '/admin/flags' },
      { label: 'Mailbox', to: '/admin/mailbox', localOnly: true },
    ],
  },
];
