// The view lives in the address so that a reload or a shared link shows the same screen: the path names the
// page, the query string holds the page's view. This file only reads and writes the raw address; resolving
// the parameters against the advertiser happens in view-state.
import { useCallback, useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'adcockpit:urlchange';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const getSearch = () => window.location.search;
const getPath = () => window.location.pathname;

/** Goes to another page of the app without reloading it (`replace` for redirects the user did not ask for). */
export function navigate(to: string, mode: 'push' | 'replace' = 'push'): void {
  const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  if (to === current) return;
  const samePage = to.split(/[?#]/)[0] === window.location.pathname;
  if (mode === 'push') window.history.pushState(null, '', to);
  else window.history.replaceState(null, '', to);
  if (!samePage) window.scrollTo(0, 0);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** The current path, e.g. `/settings/members`. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPath, getPath);
}

export type UrlParams = Record<string, string | null | undefined>;

function buildSearch(params: UrlParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/**
 * The current query string and a writer. `push` adds a history entry (a user's choice, undone with Back);
 * `replace` corrects the URL in place (filling in defaults the user never chose).
 */
export function useUrlParams(): {
  params: URLSearchParams;
  search: string;
  write: (params: UrlParams, mode: 'push' | 'replace') => void;
} {
  const search = useSyncExternalStore(subscribe, getSearch, getSearch);
  const write = useCallback((params: UrlParams, mode: 'push' | 'replace') => {
    const next = buildSearch(params);
    if (next === window.location.search) return;
    const url = `${window.location.pathname}${next}${window.location.hash}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return { params: new URLSearchParams(search), search, write };
}
