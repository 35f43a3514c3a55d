import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Role, type StoredSession, type SessionUser } from '../api';

interface AuthState {
  readonly user: SessionUser | null;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): void;
  /** True when the signed-in user has at least one of the roles. */
  hasRole(...roles: readonly Role[]): boolean;
  /** Set when the server ended the session (401): the login page says so. */
  readonly expired: boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(api.current);
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      api.onUnauthorized(() => {
        setSession(null);
        setExpired(true);
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const next = await api.login(username, password);
    setExpired(false);
    setSession(next);
    return next.user;
  }, []);

  const logout = useCallback(() => {
    api.setSession(null);
    setExpired(false);
    setSession(null);
  }, []);

  const value = useMemo<AuthState>(() => {
    const user = session?.user ?? null;
    return {
      user,
      login,
      logout,
      expired,
      hasRole: (...roles) => user !== null && roles.some((r) => user.roles.includes(r)),
    };
  }, [session, login, logout, expired]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user (pages under the layout are only rendered when there is one). */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('no signed-in user');
  return user;
}
