import { MutationCache, QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ToastProvider, useToast } from '../components/toast';
import { ApiError } from '../lib/api-client';
import { useSession } from '../lib/use-session';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
    mutationMeta: {
      /** The form shows this mutation's error itself, so no toast. */
      errorShownInline?: boolean;
    };
  }
}

/** Only failures a retry could fix: network errors, rate limits and server errors. */
function isWorthRetrying(failureCount: number, error: ApiError): boolean {
  return failureCount < 2 && (error.status === 0 || error.status === 429 || error.status >= 500);
}

function QueryProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: isWorthRetrying } },
        mutationCache: new MutationCache({
          onError: (error, _variables, _context, mutation) => {
            if (!mutation.meta?.errorShownInline) toast.show('error', error.message);
          },
        }),
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <CacheFollowsSession />
      {children}
    </QueryClientProvider>
  );
}

/** Cached data belongs to one user in one tenant: drop it on sign-out, refetch it on a switch. */
function CacheFollowsSession() {
  const session = useSession();
  const queryClient = useQueryClient();
  const scope = session.status === 'signed-in' ? `${session.user.id}/${session.tenant.id}` : null;
  const previousScope = useRef(scope);

  useEffect(() => {
    if (scope === previousScope.current) return;
    if (scope === null) queryClient.clear();
    else if (previousScope.current !== null) void queryClient.resetQueries();
    previousScope.current = scope;
  }, [scope, queryClient]);
  return null;
}

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <ToastProvider>
      <QueryProvider>{children}</QueryProvider>
    </ToastProvider>
  );
}
