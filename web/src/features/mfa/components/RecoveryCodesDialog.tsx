import { useMemo } from 'react';
import { Button } from '../../../components/ui/Button';
import { CopyButton } from '../../../components/ui/CopyButton';
import { Dialog, DialogActions } from '../../../components/ui/Dialog';
import { Notice } from '../../../components/ui/Feedback';

/** The recovery codes, shown once: Copy, Download, a plain warning, Close. Nothing keeps them after it closes. */
export function RecoveryCodesDialog({ codes, onClose }: { codes: string[] | null; onClose: () => void }) {
  const text = useMemo(() => (codes ? `Tessera recovery codes\n\n${codes.join('\n')}\n` : ''), [codes]);
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'tessera-recovery-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <Dialog
      open={codes !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title="Save your recovery codes"
      description="If you lose your authenticator app or passkey, sign in with one of these codes. Each works once."
      modalStrict
    >
      <Notice tone="warning">
        Store them somewhere safe, such as a password manager. You can’t see these codes again after you close this
        dialog.
      </Notice>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes?.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <DialogActions>
        <CopyButton value={text} ariaLabel="Copy recovery codes" />
        <Button onClick={download}>Download</Button>
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
