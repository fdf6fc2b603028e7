// A small tooltip that opens on hover and on keyboard focus. It is drawn in a portal with fixed
// coordinates, so scrolling tables and card edges never cut it off.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const GAP = 6;
const MARGIN = 8;
const HOVER_DELAY_MS = 120;

interface Props {
  content: ReactNode;
  children: ReactNode;
  className?: string;
  /** Accessible name when the trigger has no text of its own (an icon). */
  label?: string;
}

export function Tooltip({ content, children, className, label }: Props) {
  const id = useId();
  const anchor = useRef<HTMLSpanElement>(null);
  const bubble = useRef<HTMLDivElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  const show = useCallback((delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setOpen(true), delay);
  }, []);
  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    setOpen(false);
    setPosition(null);
  }, []);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const place = useCallback(() => {
    if (!anchor.current || !bubble.current) return;
    const a = anchor.current.getBoundingClientRect();
    const b = bubble.current.getBoundingClientRect();
    let top = a.bottom + GAP;
    if (top + b.height > window.innerHeight - MARGIN && a.top - GAP - b.height > MARGIN)
      top = a.top - GAP - b.height;
    const left = Math.min(Math.max(MARGIN, a.left), window.innerWidth - MARGIN - b.width);
    setPosition({ top, left });
  }, []);

  useEffect(() => {
    if (!open) return;
    // A hover tooltip closes when the page moves under the pointer; a focused one follows its anchor, since
    // focusing an element below the fold scrolls it into view — right after the tooltip opened.
    const moved = () => (document.activeElement === anchor.current ? place() : hide());
    window.addEventListener('scroll', moved, true);
    window.addEventListener('resize', moved);
    return () => {
      window.removeEventListener('scroll', moved, true);
      window.removeEventListener('resize', moved);
    };
  }, [open, hide, place]);

  useLayoutEffect(() => {
    if (open) place();
  }, [open, place]);

  return (
    <span
      ref={anchor}
      className={className ? `tip-anchor ${className}` : 'tip-anchor'}
      tabIndex={0}
      aria-label={label}
      aria-describedby={open ? id : undefined}
      onMouseEnter={() => show(HOVER_DELAY_MS)}
      onMouseLeave={hide}
      onFocus={() => show(0)}
      onBlur={hide}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          hide();
        }
      }}
    >
      {children}
      {open &&
        createPortal(
          <div
            ref={bubble}
            id={id}
            role="tooltip"
            className="tooltip"
            style={
              position
                ? { top: position.top, left: position.left }
                : { top: 0, left: 0, visibility: 'hidden' }
            }
          >
            {content}
          </div>,
          document.body,
        )}
    </span>
  );
}
