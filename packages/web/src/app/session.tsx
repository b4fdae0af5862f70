import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { client, csrfToken, setUnauthorizedHandler, unwrap } from '../api/client';
import type { Category, Me, Meta, Role, UnitNode, User } from '../api/models';

type Directory = { units: UnitNode[]; unitList: UnitNode[]; users: User[]; categories: Category[]; rules: Meta };
type Session = {
  me: Me | null;
  loading: boolean;
  directory: Directory;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  userName(id: string | null): string | null;
  /** Looks up names of users outside one's own subtree (an order's owner and actors). */
  resolveNames(ids: (string | null)[]): void;
  unitName(id: string | null): string;
  category(code: string): Category | undefined;
};

const SessionContext = createContext<Session | null>(null);
// Until the server's rules arrive nothing is offered: no kind, no closing on the spot.
const empty: Directory = {
  units: [],
  unitList: [],
  users: [],
  categories: [],
  rules: {
    kinds: [],
    answerableKinds: [],
    priorities: [],
    repeatWindowDays: 0,
    satisfaction: { levels: [], reopensAtOrBelow: 0, satisfiedFrom: 0 },
  },
};

const flatten = (nodes: UnitNode[]): UnitNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

/** Where each role starts its day. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'hotline_agent':
    case 'window_clerk':
      return '/intake';
    case 'field_crew':
      return '/crew';
    case 'quality_supervisor':
      return '/callbacks';
    case 'station_manager':
    case 'company_manager':
      return '/figures';
    default:
      return '/board';
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(Boolean(csrfToken()));
  const [directory, setDirectory] = useState<Directory>(empty);
  const [people, setPeople] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());

  const load = useCallback(async () => {
    const who = await unwrap(client.GET('/api/v1/auth/me'));
    const [units, users, catalog, rules] = await Promise.all([
      unwrap(client.GET('/api/v1/units')),
      unwrap(client.GET('/api/v1/users')),
      unwrap(client.GET('/api/v1/catalog')),
      unwrap(client.GET('/api/v1/meta')),
    ]);
    setDirectory({ units: units.items, unitList: flatten(units.items), users: users.items, categories: catalog.categories, rules });
    setMe(who);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    // The CSRF cookie lives as long as the session cookie: without it there is no session to resume.
    if (!csrfToken()) return;
    load()
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
  }, [load]);

  const value = useMemo<Session>(
    () => ({
      me,
      loading,
      directory,
      async signIn(username, password) {
        // The session comes back as an HttpOnly cookie; the token in the answer is for API clients and is not kept.
        await unwrap(client.POST('/api/v1/auth/login', { body: { username, password, session: 'cookie' } }));
        await load();
      },
      async signOut() {
        await client.POST('/api/v1/auth/logout').catch(() => {});
        setMe(null);
      },
      userName: (id) => (id ? (directory.users.find((u) => u.id === id)?.displayName ?? people[id] ?? null) : null),
      resolveNames(ids) {
        const missing = [...new Set(ids)].filter(
          (id): id is string => Boolean(id) && !directory.users.some((u) => u.id === id) && !asked.current.has(id!),
        );
        if (missing.length === 0) return;
        for (const id of missing) asked.current.add(id);
        unwrap(client.GET('/api/v1/directory/people', { params: { query: { ids: missing.slice(0, 100).join(',') } } })).then(
          (res) => setPeople((p) => ({ ...p, ...Object.fromEntries(res.items.map((x) => [x.id, x.displayName])) })),
          () => {
            for (const id of missing) asked.current.delete(id);
          },
        );
      },
      unitName: (id) => directory.unitList.find((u) => u.id === id)?.name ?? '—',
      category: (code) => directory.categories.find((c) => c.code === code),
    }),
    [me, loading, directory, load, people],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
