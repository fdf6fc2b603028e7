// An audience's matched size and whether it can be targeted: TikTok includes no audience under 1,000
// matched people (it can still be excluded). The size says on hover how it was found.
import type { Audience } from '../../../../src/shared/audiences-api.ts';
import { TOO_SMALL, count } from './audience-text.ts';

export function AudienceSizeCell({ audience }: { audience: Audience }) {
  return (
    <span
      className={audience.targetable ? 'au-size' : 'au-size au-size-small'}
      title={audience.size_basis}
      data-testid="audience-size"
    >
      {audience.matched_size === null ? '—' : count(audience.matched_size)}
    </span>
  );
}

export function AudienceStatusBadge({ audience }: { audience: Audience }) {
  if (audience.matched_size === null) {
    return (
      <span className="au-status au-status-unknown" data-testid="audience-status" title={audience.size_basis}>
        <span className="status-dot" aria-hidden="true" />
        Size unknown
      </span>
    );
  }
  return audience.targetable ? (
    <span className="au-status au-status-ready" data-testid="audience-status">
      <span className="status-dot" aria-hidden="true" />
      Ready
    </span>
  ) : (
    <span
      className="au-status au-status-small"
      data-testid="audience-status"
      title="It can be excluded from an ad group, but not included until it has 1,000 matched people."
    >
      <span className="status-dot" aria-hidden="true" />
      {TOO_SMALL}
    </span>
  );
}
