import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useCreateOAuth2Client } from '../api/create-client';
import type { NewOAuth2Client, ScopePair } from '../api/types';
import { MAX_SCOPE_PAIRS, fullyQualifiedScope, generateClientSchema } from './scopes';

export interface GenerateClientDialogProps {
  userId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Receives the new credential (with its secret) to hand to the reveal dialog. */
  onGenerated: (client: NewOAuth2Client) => void;
}

export function GenerateClientDialog({ open, onOpenChange, ...rest }: GenerateClientDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Generate OAuth 2.0 client credential" size="lg">
      {/* Mounted only while open, so every opening starts from a clean form. */}
      {open ? <GenerateClientForm {...rest} /> : null}
    </Dialog>
  );
}

type Errors = Record<string, string>;

function GenerateClientForm({ userId, onGenerated }: Omit<GenerateClientDialogProps, 'open' | 'onOpenChange'>) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [pairs, setPairs] = useState<ScopePair[]>([{ audience: '', scope: '' }]);
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateOAuth2Client(userId);
  const serverError = create.error instanceof ApiError ? create.error : undefined;

  const setPair = (i: number, patch: Partial<ScopePair>) =>
    setPairs((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = generateClientSchema.safeParse({ name, description, scopes: pairs });
    const next: Errors = {};
    if (!parsed.success) for (const issue of parsed.error.issues) next[issue.path.join('.')] ??= issue.message;
    setErrors(next);
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (client) => {
        create.reset();
        onGenerated(client);
      },
    });
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
      {create.isError ? <ErrorAlert>{errorMessage(create.error)}</ErrorAlert> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Generate
        </Button>
      </DialogActions>
    </form>
  );
}
