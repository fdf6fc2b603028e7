// The Reporting tab's pages: the report builder, and what runs on its own — scheduled reports, alert
// rules and the log of what was delivered. Shown beside the tab's title on each of them.
import { Link } from '../components/link.tsx';

export type ReportingPage = 'builder' | 'schedules' | 'alerts' | 'deliveries';

export const REPORTING_PAGES: readonly { id: ReportingPage; label: string; path: string }[] = [
  { id: 'builder', label: 'Report builder', path: '/reporting' },
  { id: 'schedules', label: 'Schedules', path: '/reporting/schedules' },
  { id: 'alerts', label: 'Alerts', path: '/reporting/alerts' },
  { id: 'deliveries', label: 'Deliveries', path: '/reporting/deliveries' },
];

/** Which page a path names, or null for a path under /reporting that is none of them. */
export function reportingPageAt(path: string): ReportingPage | null {
  const clean = path.replace(/\/+$/, '') || '/';
  return REPORTING_PAGES.find((p) => p.path === clean)?.id ?? null;
}

/** Links keep only the advertiser: the builder's report parameters mean nothing to the other pages. */
function hrefOf(path: string, search: string): string {
  const advertiser = new URLSearchParams(search).get('advertiser');
  return advertiser ? `${path}?advertiser=${encodeURIComponent(advertiser)}` : path;
}

export function ReportingNav({ current, search }: { current: ReportingPage; search: string }) {
  return (
    <nav className="level-tabs reporting-nav" aria-label="Reporting pages">
      {REPORTING_PAGES.map((p) => (
        <Link
          key={p.id}
          href={current === p.id ? `${p.path}${search}` : hrefOf(p.path, search)}
          className={current === p.id ? 'level-tab level-tab-active' : 'level-tab'}
          aria-current={current === p.id ? 'page' : undefined}
          data-testid={`reporting-nav-${p.id}`}
        >
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
