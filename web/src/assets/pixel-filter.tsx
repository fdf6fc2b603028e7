// The pixel chooser of the Events views' filter bars; with `allLabel`, choosing none means every pixel.
import type { PixelInfo } from '../../../src/shared/pixels-api.ts';

interface Props {
  pixels: readonly PixelInfo[];
  /** The chosen pixel's id; '' for all of them. */
  value: string;
  onChange: (pixelId: string) => void;
  allLabel?: string;
  testId: string;
}

export function PixelFilter({ pixels, value, onChange, allLabel, testId }: Props) {
  return (
    <label className="feed-filter">
      <span>Pixel</span>
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {pixels.map((p) => (
          <option key={p.pixel_id} value={p.pixel_id}>
            {p.pixel_name}
          </option>
        ))}
      </select>
    </label>
  );
}
