import { ApiReference } from './components/ApiReference';
import './api-reference.css';

/** `/docs/api`: the API reference, linked from the token reveal dialog's curl example. */
export function ApiReferencePage() {
  return (
    <div className="page">
      <title>API reference · Tessera</title>
      <h1>API reference</h1>
      <ApiReference />
    </div>
  );
}
