import { Component, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { isChunkLoadError, resetFailedChunks } from '../../lib/lazy';
import { Button } from './Button';
import { ErrorAlert } from './Feedback';

export const CHUNK_ERROR_MESSAGE = 'This part of the console could not be loaded. Check your connection and try again.';

/** The inline error for code that did not arrive: the rest of the page stays, Retry asks again. */
export function ChunkError({ onRetry, retrying }: { onRetry: () => void; retrying?: boolean }) {
  const retry = useRef<HTMLButtonElement>(null);
  // Focus stays where the user left it (the button that opened the missing part); if it was lost, Retry takes it.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) retry.current?.focus();
  }, []);
  return (
    <div className="chunk-error">
      <ErrorAlert>{CHUNK_ERROR_MESSAGE}</ErrorAlert>
      <Button ref={retry} onClick={onRetry} busy={retrying}>
        Retry
      </Button>
    </div>
  );
}

interface ChunkBoundaryState {
  error: unknown;
}

/**
 * Catches a lazily loaded part (lazyWithRetry) that failed to load and shows ChunkError in its place; Retry renders
 * the children again, which imports anew. Any other error goes on to the boundary above.
 */
export class ChunkBoundary extends Component<{ children: ReactNode }, ChunkBoundaryState> {
  override state: ChunkBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): ChunkBoundaryState {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (!isChunkLoadError(error)) throw error;
    const retry = () => {
      resetFailedChunks();
      this.setState({ error: null });
    };
    return <ChunkError onRetry={retry} />;
  }
}

/** Suspense (nothing shown while the code arrives) inside a ChunkBoundary: where lazyWithRetry parts render. */
export function ChunkSuspense({ children }: { children: ReactNode }) {
  return (
    <ChunkBoundary>
      <Suspense fallback={null}>{children}</Suspense>
    </ChunkBoundary>
  );
}
