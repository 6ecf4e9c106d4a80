import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';

/** Calls `onClose` when Escape is pressed anywhere in the window, while the calling component is mounted. */
export function useEscapeKey(onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
}

/** A modal dialog: Escape cancels, focus starts on the first field or button. */
export function Dialog({ title, children, onClose }: { title: string; children: ReactNode; onClose: () => void }): ReactElement {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button.primary, button');
    first?.focus();
  }, []);
  useEscapeKey(onClose);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} ref={box}>
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}
