// A dropdown panel under a trigger button: closes on Escape (focus returns to the trigger) and on a
// click outside.
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: (props: {
    'aria-expanded': boolean;
    onClick: () => void;
    ref: React.Ref<HTMLButtonElement>;
  }) => ReactNode;
  children: ReactNode;
  align?: 'left' | 'right';
  className?: string;
  label: string;
}

export function Popover({ open, onOpenChange, trigger, children, align = 'left', className, label }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) onOpenChange(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        onOpenChange(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, onOpenChange]);

  return (
    <div className="popover-root" ref={root}>
      {trigger({ 'aria-expanded': open, onClick: () => onOpenChange(!open), ref: button })}
      {open && (
        <div className={`popover popover-${align} ${className ?? ''}`} role="dialog" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}
