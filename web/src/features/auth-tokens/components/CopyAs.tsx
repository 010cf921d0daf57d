import { useId, useState, type ReactNode } from 'react';
import { SecretCopyButton } from '../../../components/credentials/RevealSecretDialog';
import { COPY_AS, copyAsText, type CopyAsChoice } from './copy-as';

/** One choice of how to use the token (curl with each header, a shell variable, .netrc) and one Copy for it. */
export function CopyAs({ token, username, children }: { token: string; username: string; children?: ReactNode }) {
  const id = useId();
  const [choice, setChoice] = useState<CopyAsChoice>('bearer');
  const text = copyAsText(choice, { token, username, origin: window.location.origin });
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Copy as
      </label>
      <select
        id={id}
        className="input select copy-as-select"
        value={choice}
        onChange={(e) => setChoice(e.target.value as CopyAsChoice)}
      >
        {COPY_AS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <pre className="code-block">
        <code>{text}</code>
      </pre>
      <div>
        <SecretCopyButton value={text} label="Copy snippet" size="sm" />
      </div>
      {children}
    </div>
  );
}
