import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { useFieldError } from '../ui/form';
import { MAX_NETWORKS, NETWORKS_HINT } from './networks';
import './credential-fields.css';

/**
 * The `allowedNetworks` field of a form: a textarea of CIDR ranges, one per line, checked for obvious mistakes here
 * (networks.ts) and for the rest by the server, whose complaints land here too (credential-errors.ts).
 */
export function AllowedNetworksField() {
  const { register } = useFormContext<{ allowedNetworks: string }>();
  const label = 'Allowed networks';
  const error = useFieldError('allowedNetworks', label);
  const id = useId();
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label} <span className="field-optional">(optional)</span>
      </label>
      <textarea
        id={id}
        className="input input-mono networks-input"
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder={'203.0.113.0/24\n2001:db8::/32'}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        {...register('allowedNetworks')}
      />
      <p id={`${id}-hint`} className="field-hint">
        {NETWORKS_HINT} At most {MAX_NETWORKS}.
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
