import { useId, type ReactNode, type Ref } from 'react';
import { Button } from '../ui/Button';
import { ErrorAlert, Loading, Notice } from '../ui/Feedback';
import { errorMessage } from '../../lib/api-client';
import './credential-table.css';

export interface CredentialPanelProps {
  title: string;
  /** What these credentials are and how a program sends them. */
  intro: ReactNode;
  /** The list (and whatever comes before it) is still on its way. */
  loading: boolean;
  loadingLabel: string;
  /** Why it could not be loaded, with Retry. */
  error?: unknown;
  errorTitle: string;
  onRetry: () => void;
  retrying?: boolean;
  /** The loaded panel: a CredentialToolbar, the table or an empty state, and the dialogs. */
  children?: ReactNode;
  /** The heading, focusable by script: where focus goes when the last row is deleted. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** One shell for every kind of credential a user owns (auth tokens, OAuth 2.0 clients): heading, states, content. */
export function CredentialPanel(props: CredentialPanelProps) {
  const { title, intro, loading, loadingLabel, error, errorTitle, onRetry, retrying, children, headingRef } = props;
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel-header">
        <div>
          <h2 id={headingId} ref={headingRef} tabIndex={-1} className="panel-heading">
            {title}
          </h2>
          <p className="muted">{intro}</p>
        </div>
      </header>
      {loading ? <Loading label={loadingLabel} /> : null}
      {error ? (
        <div className="stack">
          <ErrorAlert title={errorTitle}>{errorMessage(error)}</ErrorAlert>
          <div>
            <Button onClick={onRetry} busy={retrying}>
              Retry
            </Button>
          </div>
        </div>
      ) : null}
      {!loading && !error ? children : null}
    </section>
  );
}

export interface CredentialToolbarProps {
  generateLabel: string;
  onGenerate: () => void;
  generateRef?: Ref<HTMLButtonElement>;
  /** The pointer or focus reached Generate: a chance to fetch the dialog's code. */
  onGenerateIntent?: () => void;
  /** Why nothing can be generated now (turned off, at the limit); disables Generate and says why. */
  blockedReason?: string;
  /** More about the block, under its reason (e.g. whom to contact). */
  blockedDetail?: ReactNode;
  used: number;
  max: number;
  /** What is counted, plural: "tokens", "client credentials". */
  noun: string;
}

/** Generate, how many of the allowed number are used, and why Generate is off when it is. */
export function CredentialToolbar(props: CredentialToolbarProps) {
  const { generateLabel, onGenerate, generateRef, onGenerateIntent, blockedReason, blockedDetail, used, max, noun } =
    props;
  const reasonId = useId();
  return (
    <>
      <div className="toolbar">
        <Button
          ref={generateRef}
          variant="primary"
          onClick={onGenerate}
          onPointerEnter={onGenerateIntent}
          onFocus={onGenerateIntent}
          disabled={blockedReason !== undefined}
          aria-describedby={blockedReason ? reasonId : undefined}
        >
          {generateLabel}
        </Button>
        <p className="usage" aria-live="polite">
          <strong>
            {used} of {max}
          </strong>{' '}
          {noun} used
          <span className="usage-bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (used / Math.max(1, max)) * 100)}%` }} />
          </span>
        </p>
      </div>
      {blockedReason ? (
        <Notice tone="warning">
          <p id={reasonId}>{blockedReason}</p>
          {blockedDetail}
        </Notice>
      ) : null}
    </>
  );
}
