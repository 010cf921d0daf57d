import { Link } from 'react-router';
import { WebhooksPanel } from '../../features/webhooks/components/WebhooksPanel';

/** Identity → Webhooks. */
export function Component() {
  return (
    <div className="page">
      <title>Webhooks · Tessera</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          <li>
            <span aria-current="page">Webhooks</span>
          </li>
        </ol>
      </nav>
      <WebhooksPanel />
    </div>
  );
}
