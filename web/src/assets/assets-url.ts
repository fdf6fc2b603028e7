// The Assets tab's view in the address: `advertiser` (shared with the other tabs), `pixel` (a pixel id),
// on the Events pages `event`, `source` and `days`, and on Audiences `audience` and `create`. Writing one keeps every other parameter — the
// dates the other tabs share stay in the address while the user is here.
import { useCallback } from 'react';
import { type UrlParams, useUrlParams } from '../app/url-state.ts';

export function useAssetsParams(): {
  params: URLSearchParams;
  search: string;
  set: (change: UrlParams, mode?: 'push' | 'replace') => void;
} {
  const { params, search, write } = useUrlParams();
  const set = useCallback(
    (change: UrlParams, mode: 'push' | 'replace' = 'push') => {
      const next: UrlParams = Object.fromEntries(new URLSearchParams(window.location.search));
      write({ ...next, ...change }, mode);
    },
    [write],
  );
  return { params, search, set };
}

/** A path of the tab with the current query string, for links between its pages. */
export const withSearch = (path: string, search: string): string => `${path}${search}`;
