import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Badge, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useBootstrapToken } from '../api/get-bootstrap-token';
import { useUpdateBootstrapToken } from '../api/update-bootstrap-token';

/**
 * Identity's overview: GoodData's bootstrap token (TESSERA_BOOTSTRAP_TOKEN) as administrators see it — configured,
 * on or off, last used — with Turn off / Turn on, which takes effect on every server at once.
 */
export function BootstrapTokenCard() {
  const status = useBootstrapToken();
  const update = useUpdateBootstrapToken();
  const [confirming, setConfirming] = useState(false);
  const s = status.data;

  const turn = (enabled: boolean) =>
    update.mutate(
      { enabled },
      {
        onSuccess: () => {
          setConfirming(false);
          toast.success(
            enabled
              ? 'Turned the bootstrap token on: it is accepted again as an administrator.'
              : 'Turned the bootstrap token off: it is refused on every server until you turn it on again.',
          );
        },
      },
    );

  return (
    <section className="card bootstrap-token" aria-labelledby="bootstrap-token-heading">
      <div className="card-title-row">
        <h2 id="bootstrap-token-heading">Bootstrap token</h2>
        {s ? (
          !s.configured ? (
            <Badge>Not configured</Badge>
          ) : s.enabled ? (
            <Badge tone="success">On</Badge>
          ) : (
            <Badge tone="warning">Off</Badge>
          )
        ) : null}
      </div>
      <p className="muted">
        A secret from the server’s configuration (<code>TESSERA_BOOTSTRAP_TOKEN</code>) that acts as an administrator,
        for setting up a new organisation. Turn it off when nothing needs it.
      </p>
      {status.isPending ? <Loading /> : null}
      {status.isError ? <ErrorAlert>{errorMessage(status.error)}</ErrorAlert> : null}
      {s ? (
        <>
          <dl className="details-grid">
            <div>
              <dt>Configured</dt>
              <dd>{s.configured ? 'Yes' : 'No: the server was started without one'}</dd>
            </div>
            <div>
              <dt>Enabled</dt>
              <dd>{s.enabled ? 'Yes' : 'No: refused like an unknown token'}</dd>
            </div>
            <div>
              <dt>Last used</dt>
              <dd>
                {s.lastUsedAt ? (
                  <>
                    <time dateTime={s.lastUsedAt} title={formatDateTime(s.lastUsedAt)}>
                      {formatRelative(s.lastUsedAt)}
                    </time>
                    {s.lastUsedIp ? ` from ${s.lastUsedIp}` : null}
                  </>
                ) : (
                  'Never'
                )}
              </dd>
            </div>
          </dl>
          <div className="button-row">
            {s.enabled ? (
              <Button variant="danger" onClick={() => setConfirming(true)}>
                Turn off
              </Button>
            ) : (
              <Button variant="primary" onClick={() => setConfirming(true)}>
                Turn on
              </Button>
            )}
          </div>
          <ConfirmDialog
            open={confirming}
            onOpenChange={(open) => {
              if (!open) {
                setConfirming(false);
                update.reset();
              }
            }}
            title={s.enabled ? 'Turn off the bootstrap token?' : 'Turn on the bootstrap token?'}
            confirmLabel={s.enabled ? 'Turn off' : 'Turn on'}
            tone={s.enabled ? 'danger' : 'primary'}
            busy={update.isPending}
            error={update.isError ? errorMessage(update.error) : undefined}
            onConfirm={() => turn(!s.enabled)}
          >
            {s.enabled
              ? 'Programs that use it are refused at once, on every server, until an administrator turns it on again.'
              : 'Whoever holds the configured token can act as an administrator again.'}
          </ConfirmDialog>
        </>
      ) : null}
    </section>
  );
}
