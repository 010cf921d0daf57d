import { ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { errorMessage } from '../../../lib/api-client';
import { groupByTag, useOpenApi } from '../api/get-openapi';
import type { DocumentedOperation } from '../api/types';
import { SchemaView } from './SchemaView';

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const opId = (op: DocumentedOperation) => op.operationId ?? slug(`${op.method} ${op.path}`);

const CREDENTIALS: Record<string, string> = {
  bearer: 'Bearer token',
  xAuthToken: 'X-Auth-Token',
  basic: 'Basic username:token',
  session: 'session cookie',
};

function credentialsOf(op: DocumentedOperation): string {
  if (!op.security || op.security.length === 0) return 'none';
  const names = op.security.flatMap((r) => Object.keys(r));
  const list = [...new Set(names)].map((n) => CREDENTIALS[n] ?? n).join(', ');
  return op.security.some((r) => Object.keys(r).length === 0) ? `optional: ${list}` : list;
}

/** The whole API, grouped by tag, read from /api/openapi.json: the same document programs use. */
export function ApiReference() {
  const { data, error, isPending } = useOpenApi();
  if (isPending) return <Loading label="Loading the API reference…" />;
  if (error) return <ErrorAlert title="The API reference could not be loaded">{errorMessage(error)}</ErrorAlert>;
  const groups = groupByTag(data);
  return (
    <div className="stack">
      <p className="muted lead">
        {data.info.description} Version {data.info.version}. The machine-readable document is at{' '}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
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

function OperationView({ op }: { op: DocumentedOperation }) {
  const id = opId(op);
  const params = op.parameters ?? [];
  return (
    // Collapsed by default: the page stays short to scan, and the browser lays out only what is opened.
    <details className="card api-operation">
      <summary>
        <h3 id={id}>
          <code>
            {op.method.toUpperCase()} {op.path}
          </code>
          {op.deprecated ? <span className="badge badge-warning">deprecated</span> : null}
        </h3>
        {op.summary ? <span className="muted">{op.summary}</span> : null}
      </summary>
      <div className="stack">
        {op.description ? <p className="muted">{op.description}</p> : null}
        <p className="muted">Credentials: {credentialsOf(op)}</p>
        {params.length > 0 ? (
          <Table
            caption={`Parameters of ${op.method.toUpperCase()} ${op.path}`}
            columns={['Parameter', 'In', 'Type', 'Required']}
          >
            {params.map((p) => (
              <tr key={`${p.in} ${p.name}`}>
                <Td>
                  <code>{p.name}</code>
                  {p.description ? <span className="muted"> — {p.description}</span> : null}
                </Td>
                <Td>{p.in}</Td>
                <Td>
                  <SchemaView schema={p.schema} />
                </Td>
                <Td>{p.required ? 'yes' : 'no'}</Td>
              </tr>
            ))}
          </Table>
        ) : null}
        {op.requestBody ? (
          <div>
            <h4>Request body ({Object.keys(op.requestBody.content).join(', ')})</h4>
            <SchemaView schema={Object.values(op.requestBody.content)[0]?.schema} />
          </div>
        ) : null}
        <div>
          <h4>Responses</h4>
          <dl className="schema">
            {Object.entries(op.responses).map(([status, r]) => (
              <div key={status} className="schema-field">
                <dt>
                  <code>{status}</code> {r.description}
                  {r.content ? <span className="muted"> ({Object.keys(r.content).join(', ')})</span> : null}
                </dt>
                {r.content && status.startsWith('2') ? (
                  <dd>
                    <SchemaView schema={Object.values(r.content)[0]?.schema} />
                  </dd>
                ) : null}
              </div>
            ))}
          </dl>
        </div>
      </div>
    </details>
  );
}
