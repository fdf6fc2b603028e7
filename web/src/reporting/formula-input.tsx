// The formula text box: a textarea over a layer that draws the same text with each problem's span
// underlined (positions and lengths from the server's check), and a list of completions for the word at
// the cursor — metric and custom column ids, functions, AND/OR/NOT — chosen with the arrow keys and Enter
// or Tab, or the mouse.
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { FormulaProblem } from '../../../src/shared/custom-columns-api.ts';
import { applySuggestion, suggest, wordAt, type Suggestion, type Word } from './formula-complete.ts';
import { markSegments } from './formula-marks.ts';

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  problems: readonly FormulaProblem[];
  metrics: readonly MetricInfo[];
  describedBy?: string;
}

const KIND_LABEL: Record<Suggestion['kind'], string> = {
  metric: 'metric',
  custom: 'custom column',
  function: 'function',
  keyword: 'operator',
};

export function FormulaInput({ id, value, onChange, problems, metrics, describedBy }: Props) {
  const input = useRef<HTMLTextAreaElement>(null);
  const layer = useRef<HTMLDivElement>(null);
  const [word, setWord] = useState<Word | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const pendingCursor = useRef<number | null>(null);

  const suggestions = word && !dismissed ? suggest(word.text, metrics) : [];
  // Nothing to offer when the word is already complete and nothing longer starts with it.
  const open = suggestions.length > 0 && !(suggestions.length === 1 && suggestions[0]!.insert === word?.text);
  const listId = `${id}-completions`;

  useLayoutEffect(() => {
    if (pendingCursor.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCursor.current, pendingCursor.current);
    pendingCursor.current = null;
  });

  const readWord = () => {
    const el = input.current;
    if (!el) return;
    setWord(el.selectionStart === el.selectionEnd ? wordAt(el.value, el.selectionStart) : null);
    setActive(0);
  };

  const choose = (suggestion: Suggestion) => {
    if (!word) return;
    const next = applySuggestion(value, word, suggestion);
    pendingCursor.current = next.cursor;
    onChange(next.text);
    setWord(null);
    setDismissed(true);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(suggestions[Math.min(active, suggestions.length - 1)]!);
    } else if (event.key === 'Escape') {
      // Closes the list only; a second Escape closes the dialog.
      event.preventDefault();
      event.stopPropagation();
      setDismissed(true);
    }
  };

  const segments = markSegments(value, problems);
  return (
    <div className="fx-wrap">
      <div className={problems.length ? 'fx-editor fx-editor-invalid' : 'fx-editor'}>
        <div className="fx-layer" ref={layer} aria-hidden="true">
          {segments.map((segment, i) =>
            segment.problem === undefined ? (
              <span key={i}>{segment.text}</span>
            ) : (
              <mark
                key={i}
                className={segment.gap ? 'fx-problem fx-gap' : 'fx-problem'}
                data-testid="formula-problem-mark"
                data-problem={segment.problem}
              >
                {segment.text}
              </mark>
            ),
          )}
          {/* A final newline in a textarea takes a line; the layer needs one too to stay aligned. */}
          {value.endsWith('\n') ? ' ' : null}
        </div>
        <textarea
          id={id}
          ref={input}
          className="fx-input"
          name="formula"
          data-testid="formula-input"
          value={value}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={describedBy}
          onChange={(event) => {
            onChange(event.target.value);
            setDismissed(false);
            const el = event.target;
            setWord(wordAt(el.value, el.selectionStart));
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onClick={readWord}
          onKeyUp={(event) => {
            if (
              event.key === 'ArrowLeft' ||
              event.key === 'ArrowRight' ||
              event.key === 'Home' ||
              event.key === 'End'
            )
              readWord();
          }}
          onBlur={() => setWord(null)}
          onScroll={(event) => {
            if (layer.current) layer.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      {open && (
        <ul className="fx-completions" role="listbox" id={listId} data-testid="formula-completions">
          {suggestions.map((s, i) => (
            <li
              key={`${s.kind}:${s.insert}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'fx-option fx-option-active' : 'fx-option'}
              data-insert={s.insert}
              // Chosen on mousedown so the textarea keeps its focus and cursor.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(s);
              }}
            >
              <span className="fx-option-label">{s.label}</span>
              <span className="fx-option-detail ellipsis">{s.detail}</span>
              <span className="fx-option-kind">{KIND_LABEL[s.kind]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
