// The advertiser switcher: every figure belongs to one advertiser, in its currency and time zone.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { Popover } from '../components/popover.tsx';

const SOURCE_LABEL: Record<AdvertiserInfo['source'], string> = {
  sandbox: 'Sandbox',
  tiktok: 'TikTok API',
  import: 'Imported',
};

function SourceBadge({ source }: { source: AdvertiserInfo['source'] }) {
  if (source !== 'sandbox') return null;
  return (
    <span className="badge badge-sandbox" title="Simulated data from the built-in sandbox, not real ad spend">
      {SOURCE_LABEL[source]}
    </span>
  );
}

interface Props {
  advertisers: readonly AdvertiserInfo[];
  current: AdvertiserInfo;
  onSelect: (advertiserId: string) => void;
}

export function AdvertiserSwitcher({ advertisers, current, onSelect }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="right"
      label="Choose an advertiser"
      className="advertiser-menu"
      trigger={(props) => (
        <button
          type="button"
          className="switcher"
          data-testid="advertiser-switcher"
          aria-haspopup="dialog"
          {...props}
        >
          <span className="switcher-text">
            <span className="switcher-name">
              <span className="ellipsis">{current.name}</span>
              <SourceBadge source={current.source} />
            </span>
            <span className="switcher-meta">
              {current.currency} · {current.timezone}
            </span>
          </span>
          <Chevron />
        </button>
      )}
    >
      <ul className="menu-list">
        {advertisers.map((advertiser) => {
          const selected = advertiser.advertiser_id === current.advertiser_id;
          return (
            <li key={advertiser.advertiser_id}>
              <button
                type="button"
                className={selected ? 'menu-item menu-item-selected' : 'menu-item'}
                aria-current={selected ? 'true' : undefined}
                onClick={() => {
                  setOpen(false);
                  if (!selected) onSelect(advertiser.advertiser_id);
                }}
              >
                <span className="switcher-name">
                  <span className="ellipsis">{advertiser.name}</span>
                  <SourceBadge source={advertiser.source} />
                </span>
                <span className="switcher-meta">
                  ID {advertiser.advertiser_id} · {advertiser.currency} · {advertiser.timezone}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </Popover>
  );
}

export function Chevron() {
  return (
    <svg className="chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
      <path d="M3 4.5l3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
