// A waterfall as a dense list of bars: each row a button (reachable by keyboard) with its label, a bar
// floating between the running totals before and after it, and its signed value. Totals are solid, steps
// that take away are red and those that add are green; a step of zero is drawn as a tick.
import type { BarId, WaterfallBar } from '../../../../src/shared/reconciliation-api.ts';

interface Props {
  title: string;
  bars: WaterfallBar[];
  /** The largest running total of both waterfalls, so they share a scale. */
  scale: number;
  selected: { chain: string; id: BarId } | null;
  chain: string;
  onSelect: (id: BarId) => void;
}

const signed = (n: number): string => (n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US'));

export function WaterfallList({ title, bars, scale, selected, chain, onSelect }: Props) {
  const pct = (n: number) => `${(Math.max(0, n) / Math.max(scale, 1)) * 100}%`;
  return (
    <div className="waterfall" role="group" aria-label={title}>
      <h3 className="waterfall-title">{title}</h3>
      <ol className="waterfall-bars">
        {bars.map((bar) => {
          const before = bar.kind === 'total' ? 0 : bar.running - bar.value;
          const low = Math.min(before, bar.running);
          const high = Math.max(before, bar.running);
          const tone =
            bar.kind === 'total' ? 'total' : bar.value < 0 ? 'down' : bar.value > 0 ? 'up' : 'zero';
          const isSelected = selected?.chain === chain && selected.id === bar.id;
          return (
            <li key={bar.id}>
              <button
                type="button"
                className={`waterfall-row waterfall-${tone}${isSelected ? ' is-selected' : ''}`}
                aria-pressed={isSelected}
                data-bar={bar.id}
                title={bar.explanation}
                onClick={() => onSelect(bar.id)}
              >
                <span className="waterfall-label ellipsis">{bar.label}</span>
                <span className="waterfall-track" aria-hidden="true">
                  <span
                    className="waterfall-fill"
                    style={{
                      left: pct(low),
                      width: tone === 'zero' ? undefined : `calc(${pct(high)} - ${pct(low)})`,
                    }}
                  />
                </span>
                <span className="waterfall-value" data-testid={`bar-${chain}-${bar.id}`}>
                  {bar.kind === 'total' ? bar.value.toLocaleString('en-US') : signed(bar.value)}
                </span>
                <span className="waterfall-count">{bar.rows.length.toLocaleString('en-US')} rows</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
