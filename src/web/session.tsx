import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, call, client, setCsrfToken, setUnauthenticatedHandler } from './api';
import { setHospitalZone } from './hospital-zone';
import type { SessionResponse, SessionUser } from './types';

type Status = 'loading' | 'anonymous' | 'authenticated';
/** Why the last session ended: the user logged out, or the server no longer knew it. */
export type EndReason = 'logout' | 'expired' | null;

interface SessionContextValue {
  status: Status;
  user: SessionUser | null;
  /** Error from restoring the session (other than "not logged in"). */
  restoreError: ApiError | null;
  endReason: EndReason;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Re-reads the session, e.g. after an administrator changed their own roles. */
  refresh(): Promise<void>;
  hasRight(right: string): boolean;
  /** The session was opened from the EHR (issue 15): audio and ultrasound may be added. */
  ehrContext: boolean;
  /** Why the EHR made this session read-only; null: it did not. */
  ehrReadOnly: SessionResponse['readOnly'];
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<SessionUser | null>(null);
  const [restoreError, setRestoreError] = useState<ApiError | null>(null);
  const [endReason, setEndReason] = useState<EndReason>(null);
  const [ehr, setEhr] = useState<{ context: boolean; readOnly: SessionResponse['readOnly'] }>({ context: false, readOnly: null });

  const clear = useCallback((reason: EndReason) => {
    setCsrfToken(null);
    setUser(null);
    setEhr({ context: false, readOnly: null });
    setEndReason(reason);
    setStatus('anonymous');
  }, []);

  const accept = useCallback((res: SessionResponse) => {
    setCsrfToken(res.csrfToken);
    setHospitalZone(res.timeZone);
    setUser(res.user);
    // The offline copy's viewer answers an older session shape: no EHR marks there.
    setEhr({ context: res.ehrContext ?? false, readOnly: res.readOnly ?? null });
    setEndReason(null);
    setStatus('authenticated');
  }, []);

  useEffect(() => {
    let cancelled = false;
    setUnauthenticatedHandler(() => clear('expired'));
    call(client.GET('/api/session'))
      .then((res) => {
        if (!cancelled) accept(res);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status !== 401) setRestoreError(err);
        clear(null);
      });
    return () => {
      cancelled = true;
      setUnauthenticatedHandler(null);
    };
  }, [accept, clear]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await call(client.POST('/api/session', { body: { username, password } }));
      setRestoreError(null);
      accept(res);
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await call(client.DELETE('/api/session'));
    } finally {
      clear('logout');
    }
  }, [clear]);

  const refresh = useCallback(async () => {
    try {
      accept(await call(client.GET('/api/session')));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) clear('expired');
    }
  }, [accept, clear]);

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      user,
      restoreError,
      endReason,
      login,
      logout,
      refresh,
      hasRight: (right: string) => !!user && user.rights.includes(right),
      ehrContext: ehr.context,
      ehrReadOnly: ehr.readOnly,
    }),
    [status, user, restoreError, endReason, login, logout, refresh, ehr],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside SessionProvider');
  return ctx;
}
