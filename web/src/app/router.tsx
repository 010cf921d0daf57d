import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from './RequireSession';
import { RouteError } from './RouteError';
import { PageLoading } from './PageLoading';
import { prefetchLoader } from './prefetch';
import { userQueryOptions } from '../features/users/api/get-user';
import { authTokensQueryOptions } from '../features/auth-tokens/api/list-auth-tokens';

// Every page is its own chunk, so the sign-in page loads only what it needs.
export const router = createBrowserRouter([
  {
    path: '/signin',
    lazy: () => import('./routes/sign-in'),
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
        lazy: () => import('./layout/AppLayout'),
        errorElement: <RouteError />,
        children: [
          { index: true, lazy: () => import('./routes/home') },
          {
            path: 'settings',
            loader: prefetchLoader(() => userQueryOptions('me')),
            lazy: () => import('./routes/user-settings'),
            children: [
              { index: true, element: <Navigate to="auth-tokens" replace /> },
              {
                path: 'auth-tokens',
                loader: prefetchLoader(() => authTokensQueryOptions('me')),
                lazy: () => import('./routes/auth-tokens'),
              },
              { path: 'oauth2-credentials', lazy: () => import('./routes/oauth2-credentials') },
              { path: 'activity', lazy: () => import('./routes/activity') },
            ],
          },
          {
            path: 'identity',
            lazy: () => import('./routes/require-admin'),
            children: [
              { index: true, element: <Navigate to="users" replace /> },
              { path: 'users', lazy: () => import('./routes/users') },
              { path: 'activity', lazy: () => import('./routes/identity-activity') },
              {
                path: 'users/:userId',
                lazy: () => import('./routes/user-details'),
                children: [
                  { index: true, element: <Navigate to="auth-tokens" replace /> },
                  { path: 'auth-tokens', lazy: () => import('./routes/auth-tokens') },
                  { path: 'oauth2-credentials', lazy: () => import('./routes/oauth2-credentials') },
                  { path: 'activity', lazy: () => import('./routes/activity') },
                ],
              },
            ],
          },
          { path: 'docs/api', lazy: () => import('./routes/api-reference') },
          { path: '*', lazy: () => import('./routes/not-found') },
        ],
      },
    ],
  },
]);
