import { createBrowserRouter } from 'react-router';
import { AuditPage } from '../features/audit/components/AuditPage';
import { AcceptInvitationPage } from '../features/auth/components/AcceptInvitationPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { LogoutPage } from '../features/auth/components/LogoutPage';
import { SignupPage } from '../features/auth/components/SignupPage';
import { InvitationsPage } from '../features/invitations/components/InvitationsPage';
import { MembersPage } from '../features/members/components/MembersPage';
import { ProfilePage } from '../features/profile/components/ProfilePage';
import { TeamDetailPage } from '../features/teams/components/TeamDetailPage';
import { TeamsPage } from '../features/teams/components/TeamsPage';
import { AdminTenantsPage } from '../features/tenants/components/AdminTenantsPage';
import { OverviewPage } from '../features/tenants/components/OverviewPage';
import { SettingsPage } from '../features/tenants/components/SettingsPage';
import { LoadingState } from '../components/States';
import { AppLayout } from './AppLayout';
import { HomeRedirect } from './HomeRedirect';
import { NotFoundPage } from './NotFoundPage';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';
import { TenantLayout } from './TenantLayout';

/**
 * The catalogue, API, application, subscription, call log, billing, analytics, webhook and docs pages load on first
 * use: each area is its own chunk, so the sign-in page waits neither for the OpenAPI renderer nor for the charts.
 */
const catalogue = () => import('../features/catalogue');
const apis = () => import('../features/apis');
const applications = () => import('../features/applications');
const subscriptions = () => import('../features/subscriptions');
const notifications = () => import('../features/notifications');
const calls = () => import('../features/calls');
const docs = () => import('../features/docs');
const billing = () => import('../features/billing');
const analytics = () => import('../features/analytics');
const webhooks = () => import('../features/webhooks');

/** routes is the portal's whole page map. */
export const routes = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/logout', element: <LogoutPage />, errorElement: <RouteError /> },
  { path: '/invite/:token', element: <AcceptInvitationPage />, errorElement: <RouteError /> },
  { path: '/t/:tenant/signup', element: <SignupPage />, errorElement: <RouteError /> },
  // Public: the pages problem `type` links point to (`<portal>/docs/errors/<code>`); no sign-in needed.
  {
    path: '/docs/errors',
    lazy: () => docs().then((m) => ({ Component: m.DocsLayout })),
    errorElement: <RouteError />,
    hydrateFallbackElement: (
      <div className="fullpage">
        <LoadingState label="Loading the docs…" />
      </div>
    ),
    children: [
      { index: true, lazy: () => docs().then((m) => ({ Component: m.ErrorCodesPage })) },
      { path: ':code', lazy: () => docs().then((m) => ({ Component: m.ErrorCodePage })) },
    ],
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    // Shown while a page that loads on first use arrives, when the portal opens on it.
    hydrateFallbackElement: (
      <div className="fullpage">
        <LoadingState label="Loading Tollgate…" />
      </div>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'admin/tenants', element: <AdminTenantsPage /> },
      {
        path: 't/:tenant',
        element: <TenantLayout />,
        children: [
          { index: true, element: <OverviewPage /> },
          { path: 'catalogue', lazy: () => catalogue().then((m) => ({ Component: m.CataloguePage })) },
          { path: 'catalogue/:apiId', lazy: () => catalogue().then((m) => ({ Component: m.CatalogueApiPage })) },
          { path: 'apis', lazy: () => apis().then((m) => ({ Component: m.ApisPage })) },
          { path: 'apis/:apiId', lazy: () => apis().then((m) => ({ Component: m.ApiDetailPage })) },
          { path: 'apis/:apiId/calls', lazy: () => calls().then((m) => ({ Component: m.ApiCallsPage })) },
          { path: 'applications', lazy: () => applications().then((m) => ({ Component: m.ApplicationsPage })) },
          { path: 'applications/:appId', lazy: () => applications().then((m) => ({ Component: m.ApplicationDetailPage })) },
          { path: 'applications/:appId/calls', lazy: () => calls().then((m) => ({ Component: m.AppCallsPage })) },
          { path: 'approvals', lazy: () => subscriptions().then((m) => ({ Component: m.ApprovalsPage })) },
          { path: 'subscriptions', lazy: () => subscriptions().then((m) => ({ Component: m.SubscriptionsPage })) },
          { path: 'subscriptions/:subId', lazy: () => subscriptions().then((m) => ({ Component: m.SubscriptionDetailPage })) },
          { path: 'analytics', lazy: () => analytics().then((m) => ({ Component: m.AnalyticsPage })) },
          { path: 'notifications', lazy: () => notifications().then((m) => ({ Component: m.NotificationsPage })) },
          { path: 'notifications/preferences', lazy: () => notifications().then((m) => ({ Component: m.NotificationPreferencesPage })) },
          { path: 'teams', element: <TeamsPage /> },
          { path: 'teams/:teamId', element: <TeamDetailPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'invitations', element: <InvitationsPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'settings/stripe', lazy: () => billing().then((m) => ({ Component: m.StripeSettingsPage })) },
          { path: 'settings/webhooks', lazy: () => webhooks().then((m) => ({ Component: m.WebhooksPage })) },
          { path: 'settings/webhooks/:endpointId', lazy: () => webhooks().then((m) => ({ Component: m.WebhookEndpointPage })) },
          { path: 'billing', lazy: () => billing().then((m) => ({ Component: m.BillingOverviewPage })) },
          { path: 'billing/reconciliation', lazy: () => billing().then((m) => ({ Component: m.ReconciliationPage })) },
          { path: 'billing/events', lazy: () => billing().then((m) => ({ Component: m.WebhookEventsPage })) },
          { path: 'billing/usage', lazy: () => billing().then((m) => ({ Component: m.BillingUsagePage })) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
