import { MenuOutlined } from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Drawer, Result, Select, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/models';
import { type Lang, setLang } from '../i18n/i18n';
import { LiveProvider, useLiveStatus } from '../live/live-feed';
import { setDayjsLocale } from '../shared/tenant-time';
import { SignInPage } from '../signin/SignInPage';
import { NotificationBell } from '../urgings/NotificationBell';
import { Link, match, navigate, usePath } from './router';
import { homeOf, SessionProvider, useSession } from './session';

// Each screen is its own chunk: an agent never downloads the chart library.
const IntakePage = lazy(() => import('../intake/IntakePage'));
const BoardPage = lazy(() => import('../board/BoardPage'));
const TicketPage = lazy(() => import('../ticket/TicketPage'));
const NoticePrintPage = lazy(() => import('../ticket/NoticePrintPage'));
const CrewPage = lazy(() => import('../crew/CrewPage'));
const CallbacksPage = lazy(() => import('../callbacks/CallbacksPage'));
const FiguresPage = lazy(() => import('../figures/FiguresPage'));
const NoticesPage = lazy(() => import('../notices/NoticesPage'));
const SearchPage = lazy(() => import('../search/SearchPage'));
const ComplaintDeskPage = lazy(() => import('../complaints/ComplaintDeskPage'));

// `label` names a feature's own string (its locales folder); without it the label is nav.<key>.
type NavItem = { path: string; key: string; roles: Role[]; label?: string };
const NAV: NavItem[] = [
  { path: '/intake', key: 'intake', roles: ['hotline_agent', 'window_clerk', 'admin'] },
  { path: '/board', key: 'board', roles: ['dispatcher', 'station_manager', 'company_manager', 'quality_supervisor', 'admin'] },
  { path: '/crew', key: 'crew', roles: ['field_crew'] },
  {
    path: '/callbacks',
    key: 'callbacks',
    roles: ['hotline_agent', 'window_clerk', 'quality_supervisor', 'station_manager', 'company_manager', 'admin'],
  },
  { path: '/figures', key: 'figures', roles: ['station_manager', 'company_manager', 'quality_supervisor', 'admin'] },
  { path: '/notices', key: 'notices', roles: ['dispatcher', 'station_manager', 'company_manager', 'admin'] },
  // Every member of staff finds orders (within their own part): a caller asks about last week's repair.
  {
    path: '/search',
    key: 'search',
    label: 'search.nav',
    roles: [
      'hotline_agent',
      'window_clerk',
      'dispatcher',
      'field_crew',
      'station_manager',
      'company_manager',
      'quality_supervisor',
      'admin',
    ],
  },
  {
    path: '/complaints',
    key: 'complaints',
    label: 'complaints.nav',
    roles: ['quality_supervisor', 'dispatcher', 'station_manager', 'company_manager', 'admin'],
  },
];

export function App() {
  const { i18n } = useTranslation();
  // antd's picker names months and weekdays through dayjs: its locale follows the interface language.
  setDayjsLocale(i18n.language);
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      // Darker link, secondary and label colours than antd's defaults: every text passes WCAG AA on white.
      theme={{
        token: {
          colorPrimary: '#a8381f',
          colorLink: '#0b57d0',
          borderRadius: 4,
          colorTextDescription: 'rgba(0,0,0,0.65)',
          colorTextTertiary: 'rgba(0,0,0,0.65)',
          colorTextPlaceholder: 'rgba(0,0,0,0.55)',
        },
      }}
    >
      <AntApp>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const { me, loading } = useSession();
  const path = usePath();
  useEffect(() => {
    if (me && (path === '/' || path === '/signin')) navigate(homeOf(me.role), true);
  }, [me, path]);
  if (loading) return <Spin fullscreen />;
  if (!me) return <SignInPage />;
  return (
    <LiveProvider enabled>
      <Shell>{route(path)}</Shell>
    </LiveProvider>
  );
}

function route(path: string): ReactNode {
  if (path === '/intake') return <IntakePage />;
  if (path === '/board') return <BoardPage />;
  if (path === '/crew') return <CrewPage />;
  if (path === '/callbacks') return <CallbacksPage />;
  if (path === '/figures') return <FiguresPage />;
  if (path === '/notices') return <NoticesPage />;
  if (path === '/search') return <SearchPage />;
  if (path === '/complaints') return <ComplaintDeskPage />;
  const notice = match('/tickets/:id/notice', path);
  if (notice) return <NoticePrintPage id={notice.id!} />;
  const ticket = match('/tickets/:id', path);
  if (ticket) return <TicketPage key={ticket.id} id={ticket.id!} />;
  if (path === '/' || path === '/signin') return null;
  return <NotFound />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('app.notFound')} extra={<Link to="/">{t('app.home')}</Link>} />;
}

function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useSession();
  const path = usePath();
  const live = useLiveStatus();
  const [menuOpen, setMenuOpen] = useState(false);
  // A link followed from the drawer closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every change of page
  useEffect(() => setMenuOpen(false), [path]);
  if (!me) return null;
  const items = NAV.filter((n) => n.roles.includes(me.role));
  const current = items.find((n) => n.path === path);
  const links = items.map((n) => (
    <Link key={n.path} to={n.path} aria-current={path === n.path ? 'page' : undefined}>
      {t(n.label ?? `nav.${n.key}`)}
    </Link>
  ));
  const language = (testId: string) => (
    <Select
      size="small"
      aria-label={t('app.language')}
      value={i18n.language as Lang}
      onChange={(l: Lang) => setLang(l)}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
      style={{ width: 96 }}
      data-testid={testId}
    />
  );
  const signOutLink = (
    <a
      href="/signin"
      onClick={(e) => {
        e.preventDefault();
        void signOut().then(() => navigate('/signin'));
      }}
      className="sign-out"
    >
      {t('app.signOut')}
    </a>
  );
  const who = t('app.user', { name: me.displayName, role: t(`roles.${me.role}`) });
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        {/* On a phone the screens are behind this button: the row has no room for them. */}
        <Button
          className="menu-button"
          type="text"
          icon={<MenuOutlined />}
          aria-label={t('shell.openMenu')}
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen(true)}
          data-testid="menu-button"
        />
        <Link to={homeOf(me.role)} className="brand">
          {t('app.name')}
        </Link>
        <span className="current-screen">{current ? t(current.label ?? `nav.${current.key}`) : ''}</span>
        <nav aria-label={t('app.menu')} className="desk-nav">
          {links}
        </nav>
        <span className="who" title={live ? t('app.live') : t('app.liveDown')}>
          <span
            className={`live-dot ${live ? 'live-on' : 'live-off'}`}
            role="img"
            aria-label={live ? t('app.live') : t('app.liveDown')}
            data-testid="live-indicator"
            data-live={live}
          />
          {who}
        </span>
        {/* Crews too: a supervisor's urging (督办) reaches the team holding the order. */}
        <NotificationBell />
        <span className="desk-only">{language('lang-switch')}</span>
        <span className="desk-only">{signOutLink}</span>
      </header>
      <Drawer
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
        placement="left"
        size={260}
        title={t('app.name')}
        className="mobile-menu"
        data-testid="mobile-menu"
      >
        {/* A link followed closes the drawer, the current screen's own link included (no page change then). */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: the links inside take the keyboard; this only hears their clicks */}
        <nav
          aria-label={t('app.menu')}
          className="drawer-nav"
          onClick={(e) => (e.target as HTMLElement).closest('a') && setMenuOpen(false)}
        >
          {links}
        </nav>
        <div className="drawer-who">{who}</div>
        <div className="drawer-row">{language('drawer-lang-switch')}</div>
        <div className="drawer-row">{signOutLink}</div>
      </Drawer>
      <main id="main" className={path === '/crew' ? 'crew-main' : 'app-main'}>
        <Suspense fallback={<Spin />}>{children}</Suspense>
      </main>
    </>
  );
}
