import { useEffect, useRef, useState } from 'react';
import { Button } from './Button';

export interface CopyButtonProps {
  value: string;
  /** Visible text; stays the same after copying so the button keeps its name. */
  label?: string;
  ariaLabel?: string;
  variant?: 'primary' | 'secondary';
  size?: 'md' | 'sm';
  /** Called once the value is on the clipboard. */
  onCopied?: () => void;
}

/** Copies to the clipboard and announces the outcome in a polite live region next to the button. */
export function CopyButton({
  value,
  label = 'Copy',
  ariaLabel,
  variant = 'secondary',
  size = 'md',
  onCopied,
}: CopyButtonProps) {
  const [status, setStatus] = useState('');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied');
      onCopied?.();
    } catch {
      setStatus('Copy failed: select the text and press Ctrl+C (⌘C on a Mac).');
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setStatus(''), 4000);
  };

  return (
    <span className="copy-button">
      <Button variant={variant} size={size} onClick={() => void copy()} aria-label={ariaLabel}>
        {label}
      </Button>
      <span role="status" aria-live="polite" className="copy-status">
        {status}
      </span>
    </span>
  );
}
