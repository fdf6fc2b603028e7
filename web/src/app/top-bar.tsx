// The top bar of every signed-in screen: product, tabs, the page's own controls (the advertiser switcher
// on the Dashboard) and the user menu on the right.
import type { ReactNode } from 'react';
import { Link } from '../components/link.tsx';
import { BrandMark } from './brand.tsx';
import { UserMenu } from './user-menu.tsx';

let lastDashboardSearch = '';

/** The Dashboard remembers its view, so its tab leads back to the same advertiser and dates. */
export function rememberDashboardSearch(search: string): void {
  lastDashboardSearch = search;
}

export function TopBar({ tab, children }: { tab: 'dashboard' | null; children?: ReactNode }) {
  const dashboardHref = `/${tab === 'dashboard' ? window.location.search : lastDashboardSearch}`;
  return (
    <header className="topbar">
      <Link className="brand" href={dashboardHref} aria-label="Adcockpit home">
        <BrandMark />
        Adcockpit
      </Link>
      <nav className="tabs" aria-label="Sections">
        <Link
          className={tab === 'dashboard' ? 'tab tab-active' : 'tab'}
          href={dashboardHref}
          aria-current={tab === 'dashboard' ? 'page' : undefined}
        >
          Dashboard
        </Link>
      </nav>
      <div className="topbar-spacer" />
      {children}
      <UserMenu />
    </header>
  );
}
