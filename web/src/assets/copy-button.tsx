// Copies a text to the clipboard and says so; where the page may not write the clipboard (plain http on
// another host), it says how to copy by hand instead of pretending.
import { useEffect, useState } from 'react';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function CopyButton({
  text,
  label = 'Copy',
  testId,
  className,
}: {
  text: string;
  label?: string;
  testId?: string;
  className?: string;
}) {
  const [state, setState] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (state === null) return;
    const timer = setTimeout(() => setState(null), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className={`button button-small ${className ?? ''}`}
      data-testid={testId}
      data-copied={state ?? undefined}
      title={
        state === 'failed' ? 'Copying is not allowed here: select the text and press Ctrl+C (⌘C).' : undefined
      }
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}
    </button>
  );
}
