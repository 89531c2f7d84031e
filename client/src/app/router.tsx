import { createBrowserRouter } from 'react-router';
import { AuthRoot } from '../auth/AuthRoot';
import { AppShell } from './AppShell';
import { HomeRedirect, NotFound, RedirectWithQuery, RequireRole } from './guards';
import { RouteError } from './RouteError';
import { Loading } from '../components/States';

// Every screen is its own chunk, loaded when its route is first visited.
export const router = createBrowserRouter([
  {
    element: <AuthRoot />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading label="Loading…" />,
    children: [
      { path: 'sign-in', lazy: () => import('../auth/SignInPage') },
      {
        path: '/',
        element: <AppShell />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'assignments', lazy: () => import('../features/assignments/MyAssignmentsPage') },
          { path: 'practice', lazy: () => import('../features/practice/PracticeListPage') },
          { path: 'practice/:scenarioId', lazy: () => import('../features/practice/PracticePage') },
          { path: 'attempts', lazy: () => import('../features/attempts/MyAttemptsPage') },
          { path: 'attempts/:attemptId', lazy: () => import('../features/attempts/AttemptPage') },
          { path: 'progress', lazy: () => import('../features/progress/ProgressPage') },
          { path: 'leaderboard', lazy: () => import('../features/results/LeaderboardPage') },
          { path: 'settings/email', lazy: () => import('../features/settings/EmailPreferencesPage') },
          {
            path: 'manage',
            element: <RequireRole minRole="manager" />,
            children: [
              { path: 'scenarios', lazy: () => import('../features/scenarios/ScenariosPage') },
              { path: 'scenarios/new', lazy: () => import('../features/scenarios/ScenarioEditorPage') },
              { path: 'scenarios/:scenarioId', lazy: () => import('../features/scenarios/ScenarioEditorPage') },
              { path: 'tracks', lazy: () => import('../features/tracks/TracksPage') },
              { path: 'tracks/new', lazy: () => import('../features/tracks/TrackEditorPage') },
              { path: 'tracks/:trackId', lazy: () => import('../features/tracks/TrackEditorPage') },
              { path: 'assignments', lazy: () => import('../features/assignments/ManageAssignmentsPage') },
              { path: 'results', lazy: () => import('../features/results/TeamResultsPage') },
            ],
          },
          {
            path: 'admin',
            element: <RequireRole minRole="admin" />,
            children: [
              { path: 'members', lazy: () => import('../features/members/MembersPage') },
              { path: 'webhooks', lazy: () => import('../features/webhooks/WebhooksPage') },
              { path: 'webhooks/new', lazy: () => import('../features/webhooks/NewWebhookPage') },
              { path: 'webhooks/:endpointId', lazy: () => import('../features/webhooks/WebhookEndpointPage') },
              { path: 'api-keys', lazy: () => import('../features/apikeys/ApiKeysPage') },
              { path: 'billing', lazy: () => import('../features/billing/BillingPage') },
              { path: 'flags', lazy: () => import('../features/flags/FeatureFlagsPage') },
              { path: 'mailbox', lazy: () => import('../features/mailbox/MailboxPage') },
            ],
          },
          // Stripe Checkout and the customer portal return to /billing (NEXT_PUBLIC_APP_URL/billing).
          { path: 'billing', element: <RedirectWithQuery to="/admin/billing" /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
