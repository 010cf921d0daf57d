import { useState, type ComponentType } from 'react';
import { ChunkError } from '../components/ui/ChunkBoundary';
import { isChunkLoadError, retryImport } from '../lib/lazy';

interface RouteModule {
  Component: ComponentType;
}

/**
 * A route's `lazy:` that retries its chunk and never rejects: React Router keeps a rejected lazy forever and would
 * show the error in place of the whole layout. After the retries fail, the route renders ChunkError where its page
 * goes (the top bar, navigation and URL stay), and Retry imports again.
 */
export function lazyRoute(load: () => Promise<RouteModule>): () => Promise<RouteModule> {
  let loaded: ComponentType | undefined;
  const attempt = () => retryImport(load).then((m) => (loaded = m.Component));
  function DeferredRoute() {
    const [Page, setPage] = useState<ComponentType | undefined>(() => loaded);
    const [retrying, setRetrying] = useState(false);
    if (Page) return <Page />;
    const retry = () => {
      setRetrying(true);
      attempt().then(
        (C) => setPage(() => C),
        () => setRetrying(false),
      );
    };
    return (
      <div className="page">
        <ChunkError onRetry={retry} retrying={retrying} />
      </div>
    );
  }
  return async () => {
    try {
      return { Component: await attempt() };
    } catch (error) {
      if (!isChunkLoadError(error)) throw error;
      return { Component: DeferredRoute };
    }
  };
}
