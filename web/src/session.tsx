/**
 * The signed-in administrator: probed once with GET /api/session, set by sign-in and setup,
 * cleared by sign-out or any 401. Keeps the client's CSRF token in step.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { ApiError } from './api/api-error.ts';
import { api, setCsrfToken, setSignedOutHandler } from './api/client.ts';
import type { SessionView } from './api/types.ts';

interface SessionState {
  /** The session, null when signed out, undefined while it is being checked. */
  session: SessionView | null | undefined;
  signedIn: (session: SessionView) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<SessionView | null> {
  try {
    return await api.get<SessionView>('/api/session', { allowUnauthenticated: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity });
  const session = query.data;
  setCsrfToken(session?.csrfToken ?? null);

  useEffect(() => {
    setSignedOutHandler(() => {
      setCsrfToken(null);
      client.setQueryData(SESSION_KEY, null);
    });
    return () => {
      setSignedOutHandler(null);
    };
  }, [client]);

  const signedIn = useCallback(
    (next: SessionView) => {
      setCsrfToken(next.csrfToken);
      client.setQueryData(SESSION_KEY, next);
    },
    [client],
  );
  const signOut = useCallback(async () => {
    try {
      await api.delete('/api/session');
    } finally {
      setCsrfToken(null);
      // Keep the (now empty) session query observed; drop every other answer of this session.
      client.setQueryData(SESSION_KEY, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    }
  }, [client]);

  const value = useMemo<SessionState>(
    () => ({ session: query.isPending ? undefined : (session ?? null), signedIn, signOut }),
    [query.isPending, session, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) throw new Error('useSession outside SessionProvider');
  return state;
}
