import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import '../../../components/credentials/credential-fields.css';
import { useFieldError } from '../../../components/ui/form';
import { EVENT_GROUPS, EVENT_LABELS } from './event-labels';
import type { WebhookEventFilter } from '../api/types';

function EventBox({ event, id, invalid }: { event: WebhookEventFilter; id: string; invalid: boolean }) {
  const { register } = useFormContext<{ events: string[] }>();
  const boxId = `${id}-${event}`;
  return (
    <li className="field field-checkbox">
      <input
        id={boxId}
        type="checkbox"
        value={event}
        aria-invalid={invalid || undefined}
        aria-describedby={`${boxId}-code`}
        {...register('events')}
      />
      <label htmlFor={boxId}>{EVENT_LABELS[event]}</label>
      <code id={`${boxId}-code`} className="field-hint">
        {event}
      </code>
    </li>
  );
}

/**
 * The `events` field: every event a webhook can take, grouped by resource, each group's "every … event" first (which
 * also takes events added later). A fieldset, so the group is announced as "Events" with its error.
 */
export function EventsChecklist() {
  const id = useId();
  const error = useFieldError('events', 'Events');
  return (
    <fieldset
      className={`field scope-checklist webhook-events ${error ? 'field-invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : `${id}-hint`}
    >
      <legend className="field-label">Events</legend>
      <p id={`${id}-hint`} className="field-hint">
        What this endpoint receives. A delivery is sent within seconds of the change.
      </p>
      <ul className="webhook-events-list">
        <EventBox event="*" id={id} invalid={Boolean(error)} />
      </ul>
      {EVENT_GROUPS.map((g) => (
        <fieldset key={g.label} className="webhook-events-group">
          <legend>{g.label}</legend>
          <ul className="webhook-events-list">
            {[g.wildcard, ...g.events].map((e) => (
              <EventBox key={e} event={e} id={id} invalid={Boolean(error)} />
            ))}
          </ul>
        </fieldset>
      ))}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
