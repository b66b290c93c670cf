import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { ToastProvider } from '../components/Toast';
import { api, loginPath } from '../lib/api';
import { createQueryClient } from './queryClient';
import { router } from './router';

// When a refresh cannot cure a 401, go to the login page inside the SPA (no full reload) and come back after.
api.setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname !== '/login') void router.navigate(loginPath(pathname + search), { replace: true });
});

/** App wires the query cache, notices and routes together. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
