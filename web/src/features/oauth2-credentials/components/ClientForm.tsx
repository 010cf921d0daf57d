import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import type { ScopePair } from '../api/types';
import { MAX_SCOPE_PAIRS, fullyQualifiedScope, generateClientSchema } from './scopes';

export interface ClientFormValues {
  name: string;
  description: string;
  scopes: ScopePair[];
}

export interface ClientFormProps {
  initial: ClientFormValues;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (values: ClientFormValues) => void;
}

/** Name, Title and the audience/scope pairs: one form for Generate and Edit. */
export function ClientForm({ initial, submitLabel, busy, error, onSubmit }: ClientFormProps) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [pairs, setPairs] = useState<ScopePair[]>(initial.scopes);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const serverError = error instanceof ApiError ? error : undefined;

  const setPair = (i: number, patch: Partial<ScopePair>) =>
    setPairs((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = generateClientSchema.safeParse({ name, description, scopes: pairs });
    const next: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) next[issue.path.join('.')] ??= issue.message;
    setErrors(next);
    if (parsed.success) onSubmit(parsed.data);
  };

  const fieldError = (path: string) => errors[path] ?? serverError?.fieldMessage(path);

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Name"
        name="name"
        required
        maxLength={100}
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
        hint="How you recognise the client, e.g. “reports-exporter”."
        error={fieldError('name')}
      />
      <TextField
        label="Title"
        name="description"
        maxLength={255}
        autoComplete="off"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        hint="Optional: what the client does."
        error={fieldError('description')}
      />
      <fieldset className="scope-pairs">
        <legend className="field-label">Scopes</legend>
        <p className="field-hint">
          Each scope belongs to an audience (the API that will accept the token). A client asks for the fully-qualified
          scope: audience + scope. To call Tessera’s own API, use the audience {window.location.origin}.
        </p>
        {pairs.map((p, i) => (
          <div key={i} className="scope-pair">
            <TextField
              label={`Audience ${i + 1}`}
              name={`audience-${i}`}
              required
              autoComplete="off"
              placeholder="https://api.example.com"
              value={p.audience}
              onChange={(e) => setPair(i, { audience: e.target.value })}
              error={fieldError(`scopes.${i}.audience`)}
            />
            <TextField
              label={`Scope ${i + 1}`}
              name={`scope-${i}`}
              required
              autoComplete="off"
              placeholder="reports.read"
              value={p.scope}
              onChange={(e) => setPair(i, { scope: e.target.value })}
              hint={p.audience && p.scope ? `Fully qualified: ${fullyQualifiedScope(p)}` : undefined}
              error={fieldError(`scopes.${i}.scope`)}
            />
            {pairs.length > 1 ? (
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove scope ${i + 1}`}
                onClick={() => setPairs((ps) => ps.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            ) : null}
          </div>
        ))}
        {fieldError('scopes') ? <p className="field-error">{fieldError('scopes')}</p> : null}
        {pairs.length < MAX_SCOPE_PAIRS ? (
          <div>
            <Button
              size="sm"
              onClick={() => setPairs((ps) => [...ps, { audience: ps.at(-1)?.audience ?? '', scope: '' }])}
            >
              + Another scope
            </Button>
          </div>
        ) : null}
      </fieldset>
      {error ? <ErrorAlert>{errorMessage(error)}</ErrorAlert> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </DialogActions>
    </form>
  );
}
