// Which advertisers a member may see: one checkbox each, with all/none shortcuts.
import type { AdvertiserInfo } from '../../../src/shared/api.ts';

interface Props {
  advertisers: readonly AdvertiserInfo[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
  legend?: string;
}

export function AdvertiserChecklist({ advertisers, selected, onChange, disabled, legend }: Props) {
  const chosen = new Set(selected);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    // Keep the list order, so what is sent reads like what is shown.
    onChange(advertisers.map((a) => a.advertiser_id).filter((a) => next.has(a)));
  };
  return (
    <fieldset className="checklist" disabled={disabled} data-testid="advertiser-checklist">
      <legend className="checklist-legend">
        <span>{legend ?? 'Advertisers'}</span>
        <span className="checklist-count">
          {chosen.size} of {advertisers.length}
        </span>
        {advertisers.length > 1 && (
          <span className="checklist-shortcuts">
            <button
              type="button"
              className="link-button"
              onClick={() => onChange(advertisers.map((a) => a.advertiser_id))}
            >
              All
            </button>
            <button type="button" className="link-button" onClick={() => onChange([])}>
              None
            </button>
          </span>
        )}
      </legend>
      {advertisers.length === 0 ? (
        <p className="checklist-empty">There are no advertisers yet.</p>
      ) : (
        <div className="checklist-grid">
          {advertisers.map((advertiser) => (
            <label key={advertiser.advertiser_id} className="check">
              <input
                type="checkbox"
                value={advertiser.advertiser_id}
                checked={chosen.has(advertiser.advertiser_id)}
                onChange={(e) => toggle(advertiser.advertiser_id, e.target.checked)}
              />
              <span className="check-text">
                <span className="ellipsis">{advertiser.name}</span>
                <span className="check-meta">
                  {advertiser.currency} · ID {advertiser.advertiser_id}
                </span>
              </span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
