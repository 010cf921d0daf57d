import { Button } from '../../../components/ui/Button';
import { ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { groupByTag, useOpenApi } from '../api/get-openapi';
import { slug } from './anchors';
import { Markdown } from './Markdown';
import { OperationView } from './OperationView';

/** The whole API, grouped by tag, read from /api/openapi.json: the same document programs use. */
export function ApiReference() {
  const { data, error, isPending, refetch, isFetching } = useOpenApi();
  if (isPending) return <Loading label="Loading the API reference…" />;
  if (error)
    return (
      <ErrorAlert title="The API reference could not be loaded.">
        {errorMessage(error)}{' '}
        <Button size="sm" busy={isFetching} onClick={() => void refetch()}>
          Retry
        </Button>
      </ErrorAlert>
    );
  const groups = groupByTag(data);
  return (
    <div className="stack">
      <div className="muted lead">
        {data.info.description ? <Markdown text={data.info.description} /> : null}
        <p>
          Version {data.info.version}. The machine-readable document is at{' '}
          <a href="/api/openapi.json">/api/openapi.json</a>. Examples send your token from <code>$TESSERA_TOKEN</code>:{' '}
          <code>export TESSERA_TOKEN=tsr_…</code> first.
        </p>
      </div>
      <nav aria-label="API sections">
        <ul className="api-sections">
          {groups.map(({ tag }) => (
            <li key={tag}>
              <a href={`#${slug(tag)}`}>{tag}</a>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map(({ tag, operations }) => (
        <section key={tag} aria-labelledby={slug(tag)} className="stack">
          <h2 id={slug(tag)}>{tag}</h2>
          {operations.map((op) => (
            <OperationView key={`${op.method} ${op.path}`} op={op} />
          ))}
        </section>
      ))}
    </div>
  );
}
