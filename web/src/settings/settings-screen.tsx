// Settings: the person's own account (API tokens, password) and, for owners and admins, the
// administration of this installation (members, audit log). A small navigation on the left; the top tabs
// stay the product's sections.
import { useEffect, useLayoutEffect, type ReactNode } from 'react';
import { useSession } from '../app/session.tsx';
import { TopBar } from '../app/top-bar.tsx';
import { navigate } from '../app/url-state.ts';
import { EmptyState } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { ROLE_LABEL, canManageMembers } from '../lib/roles.ts';
import { AuditPage } from './audit-page.tsx';
import { MembersPage } from './members-page.tsx';
import { PasswordPage } from './password-page.tsx';
import { TokensPage } from './tokens-page.tsx';
import { MailSettingsPage } from '../schedules/mail-settings-page.tsx';

interface SettingsPage {
  path: string;
  label: string;
  admin: boolean;
  render: () => ReactNode;
}

const PAGES: SettingsPage[] = [
  { path: '/settings/tokens', label: 'API tokens', admin: false, render: () => <TokensPage /> },
  { path: '/settings/password', label: 'Change password', admin: false, render: () => <PasswordPage /> },
  { path: '/settings/members', label: 'Members', admin: true, render: () => <MembersPage /> },
  { path: '/settings/audit', label: 'Audit log', admin: true, render: () => <AuditPage /> },
  { path: '/settings/mail', label: 'Mail', admin: true, render: () => <MailSettingsPage /> },
];

export function SettingsScreen({ path }: { path: string }) {
  const { user } = useSession();
  const admin = canManageMembers(user);
  const page = PAGES.find((p) => p.path === path.replace(/\/+$/, ''));
  const bare = path === '/settings' || path === '/settings/';

  useLayoutEffect(() => {
    if (bare) navigate(admin ? '/settings/members' : '/settings/tokens', 'replace');
  }, [bare, admin]);

  useEffect(() => {
    document.title = `${page?.label ?? 'Settings'} · Settings · Adcockpit`;
  }, [page]);

  let body: ReactNode;
  if (bare) body = null;
  else if (!page) {
    body = (
      <EmptyState title="There is no settings page at this address">
        {path} is not a settings page. Choose one on the left.
      </EmptyState>
    );
  } else if (page.admin && !admin) {
    body = (
      <>
        <PageHeader title={page.label} />
        <EmptyState title={`${page.label} is for owners and admins`}>
          You are signed in as {ROLE_LABEL[user.role].toLowerCase()}. Ask the owner or an admin of this
          Adcockpit if you need it.
        </EmptyState>
      </>
    );
  } else body = page.render();

  const section = (title: string, pages: SettingsPage[]) => (
    <div className="settings-nav-section">
      <div className="settings-nav-title">{title}</div>
      {pages.map((p) => (
        <Link
          key={p.path}
          href={p.path}
          className={p === page ? 'settings-nav-link settings-nav-active' : 'settings-nav-link'}
          aria-current={p === page ? 'page' : undefined}
        >
          {p.label}
        </Link>
      ))}
    </div>
  );

  return (
    <div className="app">
      <TopBar tab={null} />
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings">
          {section(
            'Your account',
            PAGES.filter((p) => !p.admin),
          )}
          {admin &&
            section(
              'Administration',
              PAGES.filter((p) => p.admin),
            )}
        </nav>
        <main className="settings-main" data-testid="settings-page" data-page={page?.path}>
          {body}
        </main>
      </div>
    </div>
  );
}

/** The title row of a settings page: what it is, a short note, and its main action on the right. */
export function PageHeader({
  title,
  note,
  actions,
}: {
  title: string;
  note?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <h1>{title}</h1>
        {note && <p className="page-note">{note}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
