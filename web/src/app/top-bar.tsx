// The top bar of every signed-in screen: product, tabs, the page's own controls (the advertiser switcher
// on the Dashboard, Campaigns, Reporting and Assets) and the user menu on the right.
import type { ReactNode } from 'react';
import { Link } from '../components/link.tsx';
import { BrandMark } from './brand.tsx';
import { UserMenu } from './user-menu.tsx';

export type Tab = 'dashboard' | 'campaigns' | 'insights' | 'reporting' | 'assets';

/** Where each tab's link leads; Assets goes back to the page of it last seen (Pixels or an Events view). */
const TAB_PATH: Record<Tab, string> = {
  dashboard: '/',
  campaigns: '/campaigns',
  insights: '/insights',
  reporting: '/reporting',
  assets: '/assets/pixels',
};
/** What the tabs share: moving between them keeps the advertiser, the dates and the comparison. */
const SHARED = ['advertiser', 'preset', 'from', 'to', 'compare'] as const;

const lastSearch: Record<Tab, string> = {
  dashboard: '',
  campaigns: '',
  insights: '',
  reporting: '',
  assets: '',
};

/** Each tab remembers its view (and, for a tab of several pages, the page), so its link leads back to it. */
export function rememberTabSearch(tab: Tab, search: string, path?: string): void {
  lastSearch[tab] = search;
  if (path) TAB_PATH[tab] = path;
}

function tabHref(target: Tab, current: Tab | null): string {
  if (target === current) return `${TAB_PATH[target]}${window.location.search}`;
  const params = new URLSearchParams(lastSearch[target]);
  if (current) {
    const now = new URLSearchParams(window.location.search);
    for (const key of SHARED) {
      const value = now.get(key);
      if (value) params.set(key, value);
      else params.delete(key);
    }
  }
  const text = params.toString().replace(/%2C/g, ',');
  return `${TAB_PATH[target]}${text ? `?${text}` : ''}`;
}

const TABS: readonly { tab: Tab; label: string }[] = [
  { tab: 'dashboard', label: 'Dashboard' },
  { tab: 'campaigns', label: 'Campaigns' },
  { tab: 'insights', label: 'Insights' },
  { tab: 'reporting', label: 'Reporting' },
  { tab: 'assets', label: 'Assets' },
];

export function TopBar({ tab, children }: { tab: Tab | null; children?: ReactNode }) {
  return (
    <header className="topbar">
      <Link className="brand" href={tabHref('dashboard', tab)} aria-label="Adcockpit home">
        <BrandMark />
        Adcockpit
      </Link>
      <nav className="tabs" aria-label="Sections">
        {TABS.map(({ tab: target, label }) => (
          <Link
            key={target}
            className={tab === target ? 'tab tab-active' : 'tab'}
            href={tabHref(target, tab)}
            aria-current={tab === target ? 'page' : undefined}
          >
            {label}
          </Link>
        ))}
      </nav>
      <div className="topbar-spacer" />
      {children}
      <UserMenu />
    </header>
  );
}
