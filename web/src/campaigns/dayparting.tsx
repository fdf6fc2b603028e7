// Dayparting: the week as 7 rows of 48 half-hours, Monday first, as TikTok's 336-character string of
// 0s and 1s. Drag across cells to paint them on or off; by keyboard the arrows move and Space toggles.
// Day and hour labels toggle a whole row or column; the presets cover the usual cases.
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const SLOTS = 48;
export const ALL_DAY = '1'.repeat(DAYS.length * SLOTS);

/** A valid dayparting string, or all hours when there is none. */
export function normaliseDayparting(value: string | null | undefined): string {
  return value && /^[01]{336}$/.test(value) ? value : ALL_DAY;
}

function slotTime(slot: number): string {
  const minutes = slot * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${minutes % 60 === 0 ? '00' : '30'}`;
}

/** "All hours", "Mon–Fri 09:00–18:00"-like summary: hours switched on out of 168. */
export function describeDayparting(value: string): string {
  const on = [...value].filter((c) => c === '1').length;
  if (on === value.length) return 'All hours, every day';
  if (on === 0) return 'No hours: the ad group will not deliver';
  return `${on / 2} of 168 hours a week`;
}

function setSlot(value: string, index: number, on: boolean): string {
  return value.slice(0, index) + (on ? '1' : '0') + value.slice(index + 1);
}

export function DaypartingGrid({
  value,
  onChange,
  disabled,
  describedBy,
}: {
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  describedBy?: string | undefined;
}) {
  const [focus, setFocus] = useState(0);
  const painting = useRef<boolean | null>(null);
  const cells = useRef<(HTMLDivElement | null)[]>([]);

  const paint = (index: number) => {
    if (painting.current === null) return;
    if ((value[index] === '1') !== painting.current) onChange(setSlot(value, index, painting.current));
  };

  const down = (event: PointerEvent<HTMLDivElement>, index: number) => {
    if (disabled) return;
    event.preventDefault();
    painting.current = value[index] !== '1';
    setFocus(index);
    onChange(setSlot(value, index, painting.current));
    const stop = () => {
      painting.current = null;
      window.removeEventListener('pointerup', stop);
    };
    window.addEventListener('pointerup', stop);
  };

  const key = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = Math.floor(focus / SLOTS);
    const col = focus % SLOTS;
    let next: number;
    if (event.key === 'ArrowRight') next = row * SLOTS + Math.min(SLOTS - 1, col + 1);
    else if (event.key === 'ArrowLeft') next = row * SLOTS + Math.max(0, col - 1);
    else if (event.key === 'ArrowDown') next = Math.min(DAYS.length - 1, row + 1) * SLOTS + col;
    else if (event.key === 'ArrowUp') next = Math.max(0, row - 1) * SLOTS + col;
    else if (event.key === 'Home') next = row * SLOTS;
    else if (event.key === 'End') next = row * SLOTS + SLOTS - 1;
    else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (!disabled) onChange(setSlot(value, focus, value[focus] !== '1'));
      return;
    } else return;
    event.preventDefault();
    setFocus(next);
    cells.current[next]?.focus();
  };

  const toggleRow = (day: number) => {
    const slice = value.slice(day * SLOTS, (day + 1) * SLOTS);
    const on = slice.includes('0');
    onChange(value.slice(0, day * SLOTS) + (on ? '1' : '0').repeat(SLOTS) + value.slice((day + 1) * SLOTS));
  };

  const toggleHour = (hour: number) => {
    const slots = [hour * 2, hour * 2 + 1];
    const on = DAYS.some((_, d) => slots.some((s) => value[d * SLOTS + s] !== '1'));
    let next = value;
    DAYS.forEach((_, d) => slots.forEach((s) => (next = setSlot(next, d * SLOTS + s, on))));
    onChange(next);
  };

  const preset = (kind: 'all' | 'business' | 'evenings' | 'none') => {
    let next = '';
    for (let d = 0; d < DAYS.length; d++) {
      for (let s = 0; s < SLOTS; s++) {
        const on =
          kind === 'all' ||
          (kind === 'business' && d < 5 && s >= 18 && s < 36) ||
          (kind === 'evenings' && s >= 36 && s < 46);
        next += on ? '1' : '0';
      }
    }
    onChange(next);
  };

  return (
    <div className="daypart" data-testid="dayparting">
      <div className="daypart-presets">
        <button type="button" className="link-button" disabled={disabled} onClick={() => preset('all')}>
          All hours
        </button>
        <button type="button" className="link-button" disabled={disabled} onClick={() => preset('business')}>
          Weekdays 09:00–18:00
        </button>
        <button type="button" className="link-button" disabled={disabled} onClick={() => preset('evenings')}>
          Evenings 18:00–23:00
        </button>
        <button type="button" className="link-button" disabled={disabled} onClick={() => preset('none')}>
          Clear
        </button>
        <span className="daypart-summary">{describeDayparting(value)}</span>
      </div>
      <div
        className={`daypart-grid ${disabled ? 'daypart-disabled' : ''}`}
        role="grid"
        aria-label="Hours of the week the ad group delivers"
        aria-describedby={describedBy}
        onKeyDown={key}
      >
        <div className="daypart-hours" role="row">
          <span className="daypart-corner" role="columnheader" />
          {Array.from({ length: 24 }, (_, h) => (
            <button
              key={h}
              type="button"
              role="columnheader"
              className="daypart-hour"
              tabIndex={-1}
              disabled={disabled}
              onClick={() => toggleHour(h)}
              title={`Toggle ${slotTime(h * 2)}–${slotTime(h * 2 + 2 === 48 ? 0 : h * 2 + 2)} on every day`}
            >
              {h % 3 === 0 ? h : ''}
            </button>
          ))}
        </div>
        {DAYS.map((day, d) => (
          <div key={day} className="daypart-row" role="row">
            <button
              type="button"
              role="rowheader"
              className="daypart-day"
              disabled={disabled}
              onClick={() => toggleRow(d)}
              title={`Toggle all of ${day}`}
            >
              {day}
            </button>
            {Array.from({ length: SLOTS }, (_, s) => {
              const index = d * SLOTS + s;
              const on = value[index] === '1';
              return (
                <div
                  key={s}
                  ref={(el) => {
                    cells.current[index] = el;
                  }}
                  role="gridcell"
                  aria-selected={on}
                  aria-label={`${day} ${slotTime(s)}–${slotTime((s + 1) % SLOTS)}`}
                  tabIndex={index === focus ? 0 : -1}
                  className={`daypart-cell ${on ? 'daypart-on' : ''} ${s % 2 === 1 ? 'daypart-half' : ''}`}
                  onPointerDown={(e) => down(e, index)}
                  onPointerEnter={() => paint(index)}
                  onFocus={() => setFocus(index)}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
