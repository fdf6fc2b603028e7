// The signed-in person, for every screen of the app; and signing out.
import { createContext, useContext, type ReactNode } from 'react';
import type { UserInfo } from '../../../src/shared/api.ts';

interface Session {
  user: UserInfo;
  signOut: () => void;
  signingOut: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the signed-in app.');
  return session;
}
