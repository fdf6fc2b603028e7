// "Snooze": a week from the advertiser's today in one click, or until a day of one's choosing. The day
// must be after today (the server says so too); the insight shows again on that day if still true.
import { useState, type FormEvent } from 'react';
import { addDays } from '../../../src/core/dates.ts';
import { Popover } from '../components/popover.tsx';
import { formatLongDay } from './insight-labels.ts';

interface Props {
  /** The advertiser's today, YYYY-MM-DD. */
  today: string;
  pending: boolean;
  onSnooze: (until: string) => void;
}

export function SnoozeMenu({ today, pending, onSnooze }: Props) {
  const [open, setOpen] = useState(false);
  const inAWeek = addDays(today, 7);
  const [day, setDay] = useState(inAWeek);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && day > today;
  const choose = (until: string) => {
    onSnooze(until);
    setOpen(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) choose(day);
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="right"
      label="Snooze"
      className="snooze-menu"
      trigger={(props) => (
        <button
          type="button"
          className="button button-small"
          disabled={pending}
          aria-haspopup="dialog"
          data-testid="insight-snooze"
          {...props}
        >
          Snooze
        </button>
      )}
    >
      <button
        type="button"
        className="button button-small button-block"
        onClick={() => choose(inAWeek)}
        data-testid="snooze-week"
      >
        7 days (until {formatLongDay(inAWeek)})
      </button>
      <form className="snooze-until" onSubmit={submit}>
        <label htmlFor="snooze-day">Until</label>
        <input
          id="snooze-day"
          type="date"
          value={day}
          min={addDays(today, 1)}
          onChange={(e) => setDay(e.target.value)}
          aria-invalid={!valid}
          aria-describedby="snooze-hint"
        />
        <button type="submit" className="button button-small button-primary" disabled={!valid}>
          Snooze
        </button>
      </form>
      <p id="snooze-hint" className={valid ? 'snooze-hint' : 'snooze-hint snooze-hint-bad'}>
        {valid
          ? 'It shows again on that day if the problem is still there.'
          : `Pick a day after ${formatLongDay(today)}.`}
      </p>
    </Popover>
  );
}
