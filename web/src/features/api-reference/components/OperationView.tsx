import { CopyButton } from '../../../components/ui/CopyButton';
import { Table, Td } from '../../../components/ui/Table';
import { curlCommand } from '../api/curl';
import { requestExample, responseExample } from '../api/examples';
import type { DocumentedOperation } from '../api/types';
import { operationAnchor } from './anchors';
import { Markdown } from './Markdown';
import { SchemaView } from './SchemaView';

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

/** One operation: method, path and summary on its line; opened, its parameters, schemas, examples and curl. */
export function OperationView({ op }: { op: DocumentedOperation }) {
  const method = op.method.toUpperCase();
  const name = `${method} ${op.path}`;
  const params = op.parameters ?? [];
  const request = requestExample(op);
  const response = responseExample(op);
  const curl = curlCommand(op, window.location.origin);
  const anchor = operationAnchor(op);
  return (
    // Collapsed by default: the page stays short to scan, and the browser lays out only what is opened.
    <details className="card api-operation">
      <summary>
        <h3 id={anchor} className="api-operation-title">
          <span className={`api-method api-method-${op.method}`}>{method}</span>{' '}
          <code className="api-path">{op.path}</code>
          {op.deprecated ? <span className="badge badge-warning">deprecated</span> : null}
        </h3>
        {op.summary ? (
          <span className="api-summary">
            <Markdown text={op.summary} inline />
          </span>
        ) : null}
      </summary>
      <div className="stack api-operation-body">
        {op.description ? <Markdown text={op.description} /> : null}
        <p className="muted">Credentials: {credentialsOf(op)}</p>
        {params.length > 0 ? (
          <Table caption={`Parameters of ${name}`} columns={['Parameter', 'In', 'Type', 'Required']} scrollable>
            {params.map((p) => (
              <tr key={`${p.in} ${p.name}`}>
                <Td>
                  <code>{p.name}</code>
                  {p.description ? (
                    <span className="muted">
                      {' '}
                      — <Markdown text={p.description} inline />
                    </span>
                  ) : null}
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
        <div className="api-examples">
          {request ? <Example id={`${anchor}-request`} title="Example request" text={request.text} /> : null}
          {response ? (
            <Example id={`${anchor}-response`} title={`Example response (${response.status})`} text={response.text} />
          ) : null}
        </div>
        <figure className="api-curl" aria-labelledby={`${anchor}-curl`}>
          <div className="api-curl-header">
            <h4 id={`${anchor}-curl`}>curl</h4>
            <CopyButton value={curl} label="Copy as curl" ariaLabel={`Copy as curl: ${name}`} size="sm" />
          </div>
          <pre className="code-block">
            <code>{curl}</code>
          </pre>
        </figure>
        <div>
          <h4>Responses</h4>
          <dl className="schema">
            {Object.entries(op.responses).map(([status, r]) => (
              <div key={status} className="schema-field">
                <dt>
                  <code>{status}</code> <Markdown text={r.description} inline />
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

/** A body example, named by its heading; long lines wrap, so nothing needs scrolling. */
function Example({ id, title, text }: { id: string; title: string; text: string }) {
  return (
    <figure className="api-example" aria-labelledby={id}>
      <h4 id={id}>{title}</h4>
      <pre className="code-block">
        <code>{text}</code>
      </pre>
    </figure>
  );
}
