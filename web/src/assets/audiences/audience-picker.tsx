// Choosing audiences for an ad group's targeting: the chosen ones as chips (name and size), and a search
// box listing the advertiser's audiences with their type and size. Keyboard: type to search, ↑/↓ to move,
// Enter to add, Escape to close the list, Backspace in an empty box removes the last chip. For Include,
// an audience under 1,000 matched people is listed but disabled ("too small to target"), as TikTok
// refuses it; one chosen in the other list is disabled too.
import { useId, useMemo, useRef, useState } from 'react';
import type { Audience } from '../../../../src/shared/audiences-api.ts';
import { TOO_SMALL, TYPE_LABEL, count } from './audience-text.ts';
import './audience-picker.css';

interface Props {
  id: string;
  mode: 'include' | 'exclude';
  audiences: readonly Audience[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** Chosen in the other list: an audience is either included or excluded. */
  otherIds: readonly string[];
  describedBy?: string;
  invalid?: boolean;
  loading?: boolean;
}

interface Option {
  audience: Audience;
  disabled: string | null;
}

export function AudiencePicker({
  id,
  mode,
  audiences,
  value,
  onChange,
  otherIds,
  describedBy,
  invalid,
  loading,
}: Props) {
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const byId = useMemo(() => new Map(audiences.map((a) => [a.audience_id, a])), [audiences]);

  const options: Option[] = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return audiences
      .filter((a) => !value.includes(a.audience_id))
      .filter(
        (a) =>
          !needle ||
          a.name.toLowerCase().includes(needle) ||
          TYPE_LABEL[a.type].toLowerCase().includes(needle),
      )
      .map((a) => ({
        audience: a,
        disabled: otherIds.includes(a.audience_id)
          ? mode === 'include'
            ? 'excluded below'
            : 'included above'
          : mode === 'include' && !a.targetable
            ? a.matched_size === null
              ? 'size unknown'
              : TOO_SMALL.toLowerCase()
            : null,
      }));
  }, [audiences, value, text, otherIds, mode]);
  const enabled = options.filter((o) => !o.disabled);

  const add = (option: Option | undefined) => {
    if (!option || option.disabled) return;
    onChange([...value, option.audience.audience_id]);
    setText('');
    setActive(0);
    // Closed, so that it does not cover the fields below; typing or ↓ opens it again.
    setOpen(false);
  };
  const move = (step: number) => {
    if (options.length === 0) return;
    let next = active;
    for (let i = 0; i < options.length; i++) {
      next = (next + step + options.length) % options.length;
      if (!options[next]!.disabled) break;
    }
    setActive(next);
  };
  const activeIndex = options[active]?.disabled ? options.indexOf(enabled[0]!) : active;

  return (
    <div className="au-picker" data-testid={`audience-picker-${mode}`}>
      <div
        className={`tag-input ${invalid ? 'tag-input-invalid' : ''}`}
        onClick={() => input.current?.focus()}
      >
        {value.map((audienceId) => {
          const a = byId.get(audienceId);
          return (
            <span key={audienceId} className="chip chip-small" data-testid={`${mode}-audience-chip`}>
              {a ? a.name : `Audience ${audienceId}`}
              <span className="au-chip-size">
                {a ? (a.matched_size === null ? '?' : count(a.matched_size)) : 'deleted'}
              </span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${a?.name ?? audienceId}`}
                onClick={() => onChange(value.filter((v) => v !== audienceId))}
              >
                ×
              </button>
            </span>
          );
        })}
        <input
          ref={input}
          id={id}
          value={text}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid ? true : undefined}
          placeholder={value.length === 0 ? (loading ? 'Loading audiences…' : 'Search audiences') : undefined}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setOpen(true);
              move(e.key === 'ArrowDown' ? 1 : -1);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              if (open) add(options[activeIndex]);
            } else if (e.key === 'Escape' && open) {
              // Closes the list, not the form around it.
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            } else if (e.key === 'Backspace' && text === '' && value.length > 0) {
              onChange(value.slice(0, -1));
            }
          }}
          data-testid={`${mode}-audience-search`}
        />
      </div>
      {open && (
        <ul className="au-picker-list" id={listId} role="listbox" aria-label={`Audiences to ${mode}`}>
          {options.length === 0 ? (
            <li className="au-picker-empty">
              {audiences.length === 0
                ? 'No audiences yet: build one under Assets → Audiences.'
                : 'No other audience matches.'}
            </li>
          ) : (
            options.map((o, i) => (
              <li
                key={o.audience.audience_id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === activeIndex}
                aria-disabled={o.disabled ? true : undefined}
                className={`au-picker-option ${i === activeIndex ? 'au-picker-active' : ''} ${o.disabled ? 'au-picker-disabled' : ''}`}
                // Chosen before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  add(o);
                }}
                onMouseEnter={() => !o.disabled && setActive(i)}
                data-testid="audience-option"
                data-name={o.audience.name}
              >
                <span className="au-picker-name">{o.audience.name}</span>
                <span className="au-picker-meta">
                  {TYPE_LABEL[o.audience.type]} ·{' '}
                  {o.audience.matched_size === null
                    ? 'size unknown'
                    : `${count(o.audience.matched_size)} people`}
                  {o.disabled && <span className="au-picker-why"> · {o.disabled}</span>}
                </span>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
