import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { RequireRole, RequireSession } from './guards';
import { AppShell } from './layout/app-shell';
import { AcceptInviteRoute } from './routes/accept-invite';
import { AccountRoute } from './routes/account';
import { ApiKeysRoute } from './routes/api-keys';
import { AuditRoute } from './routes/audit';
import { DashboardRoute } from './routes/dashboard';
import { DealRoute } from './routes/deal';
import { DealsRoute } from './routes/deals';
import { EnrichmentSettingsRoute } from './routes/enrichment-settings';
import { ImportRoute } from './routes/import';
import { ImportsRoute } from './routes/imports';
import { ImportsReviewRoute } from './routes/imports-review';
import { LeadsRoute } from './routes/leads';
import { LoginRoute } from './routes/login';
import { MyDayRoute } from './routes/my-day';
import { NewImportRoute } from './routes/new-import';
import { NotFoundRoute } from './routes/not-found';
import { DeletedPropertiesRoute } from './routes/deleted-properties';
import { PropertiesRoute } from './routes/properties';
import { PropertyRoute } from './routes/property';
import { ScoringSettingsRoute } from './routes/scoring-settings';
import { UsersRoute } from './routes/users';
import { ValuationSettingsRoute } from './routes/valuation-settings';

const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  // Public: the invitee may have no account yet, or be signed in as someone else.
  { path: '/accept-invite', element: <AcceptInviteRoute /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <DashboardRoute /> },
          { path: 'properties', element: <PropertiesRoute /> },
          { path: 'properties/deleted', element: <DeletedPropertiesRoute /> },
          { path: 'properties/:id', element: <PropertyRoute /> },
          { path: 'imports', element: <ImportsRoute /> },
          {
            path: 'imports/new',
            element: (
              <RequireRole minimum="member">
                <NewImportRoute />
              </RequireRole>
            ),
          },
          { path: 'imports/review', element: <ImportsReviewRoute /> },
          { path: 'imports/:id', element: <ImportRoute /> },
          { path: 'leads', element: <LeadsRoute /> },
          { path: 'deals', element: <DealsRoute /> },
          { path: 'deals/:id', element: <DealRoute /> },
          { path: 'my-day', element: <MyDayRoute /> },
          { path: 'users', element: <UsersRoute /> },
          {
            path: 'api-keys',
            element: (
              <RequireRole minimum="admin">
                <ApiKeysRoute />
              </RequireRole>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequireRole minimum="admin">
                <AuditRoute />
              </RequireRole>
            ),
          },
          {
            path: 'settings/enrichment',
            element: (
              <RequireRole minimum="admin">
                <EnrichmentSettingsRoute />
              </RequireRole>
            ),
          },
          {
            path: 'settings/scoring',
            element: (
              <RequireRole minimum="admin">
                <ScoringSettingsRoute />
              </RequireRole>
            ),
          },
          { path: 'settings/valuation', element: <ValuationSettingsRoute /> },
          { path: 'account', element: <AccountRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
