import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from './RequireSession';
import { RouteError } from './RouteError';
import { PageLoading } from './PageLoading';
import { prefetchLoader } from './prefetch';
import { lazyRoute } from './lazy-route';
import { userQueryOptions } from '../features/users/api/get-user';
import { authTokensQueryOptions } from '../features/auth-tokens/api/list-auth-tokens';
// The page the console is for (where /settings leads) and the layouts around it come with the entry: together about
// 7 KB gzipped, and a visit or reload there then needs no second round of chunk requests after React has started.
import { Component as AppLayout } from './layout/AppLayout';
import { Component as AuthTokens } from './routes/auth-tokens';
import { Component as UserSettings } from './routes/user-settings';

/** A user's or a service account's credential pages: the Resources every such page shares. */
const credentialPages = () => [
  { index: true, element: <Navigate to="auth-tokens" replace /> },
  { path: 'auth-tokens', Component: AuthTokens },
  { path: 'auth-tokens/:tokenId', lazy: lazyRoute(() => import('./routes/auth-token-details')) },
  { path: 'oauth2-credentials', lazy: lazyRoute(() => import('./routes/oauth2-credentials')) },
  { path: 'oauth2-credentials/:clientId', lazy: lazyRoute(() => import('./routes/oauth2-client-details')) },
  { path: 'application-credentials', lazy: lazyRoute(() => import('./routes/application-credentials')) },
  { path: 'activity', lazy: lazyRoute(() => import('./routes/activity')) },
];

// Every other page is its own chunk, so the sign-in page loads little more than it needs.
export const router = createBrowserRouter([
  {
    path: '/signin',
    lazy: lazyRoute(() => import('./routes/sign-in')),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoading />,
  },
  {
    element: <RequireSession />,
    // The session check starts with the router, alongside the pages' code, not after it.
    loader: prefetchLoader(),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoading />,
    children: [
      {
        Component: AppLayout,
        errorElement: <RouteError />,
        children: [
          {
            // A page that fails to render shows its error inside the frame: the top bar and navigation stay.
            errorElement: <RouteError inline />,
            children: [
              { index: true, lazy: lazyRoute(() => import('./routes/home')) },
              {
                path: 'settings',
                loader: prefetchLoader(() => userQueryOptions('me')),
                Component: UserSettings,
                children: [
                  { index: true, element: <Navigate to="auth-tokens" replace /> },
                  {
                    path: 'auth-tokens',
                    loader: prefetchLoader(() => authTokensQueryOptions('me')),
                    Component: AuthTokens,
                  },
                  { path: 'auth-tokens/:tokenId', lazy: lazyRoute(() => import('./routes/auth-token-details')) },
                  { path: 'oauth2-credentials', lazy: lazyRoute(() => import('./routes/oauth2-credentials')) },
                  {
                    path: 'oauth2-credentials/:clientId',
                    lazy: lazyRoute(() => import('./routes/oauth2-client-details')),
                  },
                  {
                    path: 'application-credentials',
                    lazy: lazyRoute(() => import('./routes/application-credentials')),
                  },
                  { path: 'activity', lazy: lazyRoute(() => import('./routes/activity')) },
                  { path: 'projects', lazy: lazyRoute(() => import('./routes/user-projects')) },
                  { path: 'security', lazy: lazyRoute(() => import('./routes/security')) },
                  { path: 'service-accounts', lazy: lazyRoute(() => import('./routes/settings-service-accounts')) },
                ],
              },
              {
                // A service account's page for its owner, beside User Settings (not inside its Resources).
                path: 'settings/service-accounts/:userId',
                lazy: lazyRoute(() => import('./routes/service-account')),
                children: credentialPages(),
              },
              {
                path: 'identity',
                lazy: lazyRoute(() => import('./routes/require-admin')),
                children: [
                  { index: true, lazy: lazyRoute(() => import('./routes/identity')) },
                  { path: 'users', lazy: lazyRoute(() => import('./routes/users')) },
                  // Issue 21
                  { path: 'projects', lazy: lazyRoute(() => import('./routes/projects')) },
                  { path: 'projects/:projectId', lazy: lazyRoute(() => import('./routes/project-details')) },
                  { path: 'service-accounts', lazy: lazyRoute(() => import('./routes/service-accounts')) },
                  {
                    path: 'service-accounts/:userId',
                    lazy: lazyRoute(() => import('./routes/service-account')),
                    children: credentialPages(),
                  },
                  { path: 'activity', lazy: lazyRoute(() => import('./routes/identity-activity')) },
                  { path: 'auth-tokens', lazy: lazyRoute(() => import('./routes/token-inventory')) },
                  { path: 'oauth2-credentials', lazy: lazyRoute(() => import('./routes/client-inventory')) },
                  // H5 (issue 19)
                  { path: 'webhooks', lazy: lazyRoute(() => import('./routes/webhooks')) },
                  { path: 'webhooks/:webhookId', lazy: lazyRoute(() => import('./routes/webhook-details')) },
                  { path: 'policy', lazy: lazyRoute(() => import('./routes/identity-policy')) },
                  {
                    path: 'users/:userId',
                    lazy: lazyRoute(() => import('./routes/user-details')),
                    children: [
                      ...credentialPages(),
                      { path: 'projects', lazy: lazyRoute(() => import('./routes/user-projects')) },
                      { path: 'sessions', lazy: lazyRoute(() => import('./routes/user-sessions')) },
                    ],
                  },
                ],
              },
              { path: 'docs/api', lazy: lazyRoute(() => import('./routes/api-reference')) },
              { path: '*', lazy: lazyRoute(() => import('./routes/not-found')) },
            ],
          },
        ],
      },
    ],
  },
]);
