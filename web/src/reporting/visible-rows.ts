// Which rows of a long table are in view: the table draws only those (and a few around them) between two
// spacers of the right height, so a thousand rows cost what thirty do. Rows have one fixed height.
import { useEffect, useState, type RefObject } from 'react';

/** Below this many rows every row is drawn: nothing to gain, and find-in-page keeps working. */
export const VIRTUAL_FROM = 80;
const OVERSCAN = 12;

export interface RowWindow {
  start: number;
  end: number;
}

export function windowFor(scrollTop: number, viewport: number, rowHeight: number, rows: number): RowWindow {
  const first = Math.floor(scrollTop / rowHeight);
  const count = Math.ceil(viewport / rowHeight);
  return {
    start: Math.max(0, first - OVERSCAN),
    end: Math.min(rows, first + count + OVERSCAN),
  };
}

export function useVisibleRows(
  container: RefObject<HTMLElement | null>,
  rows: number,
  rowHeight: number,
): RowWindow {
  const virtual = rows >= VIRTUAL_FROM;
  const [range, setRange] = useState<RowWindow>({ start: 0, end: Math.min(rows, 60) });
  useEffect(() => {
    const el = container.current;
    if (!el || !virtual) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const next = windowFor(el.scrollTop, el.clientHeight || 800, rowHeight, rows);
      setRange((current) => (current.start === next.start && current.end === next.end ? current : next));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(onScroll);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [container, rows, rowHeight, virtual]);
  return virtual ? { start: range.start, end: Math.min(range.end, rows) } : { start: 0, end: rows };
}
