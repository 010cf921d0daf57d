import { useId, type ReactNode } from 'react';
import { Badge } from '../ui/Feedback';
import { formatDateTime, formatRelative } from '../../lib/format';
import { userAgentLabel } from './grace-text';
import './grace.css';

/** A previous secret's open grace window, as a token or client carries it (`grace`). */
export interface GraceWindow {
  until: string;
  startedAt: string;
  oldSecretHint: string;
  oldSecretLastUsedAt: string | null;
  oldSecretLastUsedIp: string | null;
  oldSecretUserAgent: string | null;
  oldSecretUseCount: number;
}

/** What Regenerate and Reset secret offer: none (today's behaviour) up to the server's maximum of a day. */
export const GRACE_CHOICES = [
  { seconds: 0, label: 'None' },
  { seconds: 900, label: '15 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
] as const;

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "14:05" today, else the date and time: until when an old secret works. */
export function graceUntil(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  return at.toDateString() === new Date(now).toDateString() ? time.format(at) : formatDateTime(iso);
}

export interface GraceChoiceProps {
  value: number;
  onChange: (seconds: number) => void;
  /** What happens with None: the old secret stops at once. */
  atOnce: ReactNode;
  /** What happens with a window of `duration` ("1 hour"). */
  kept: (duration: string) => ReactNode;
}

/**
 * Inside a confirmation's description (phrasing content only): how long the old secret keeps working beside the new
 * one, and what that means, said before the choice is confirmed.
 */
export function GraceChoice({ value, onChange, atOnce, kept }: GraceChoiceProps) {
  const id = useId();
  const chosen = GRACE_CHOICES.find((c) => c.seconds === value);
  return (
    <span className="grace-choice">
      <span className="grace-effect">
        {value === 0 ? atOnce : kept(chosen?.label.toLowerCase() ?? `${value} seconds`)}
      </span>
      <label className="field-label" htmlFor={id}>
        Keep the old secret working for
      </label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {GRACE_CHOICES.map((c) => (
          <option key={c.seconds} value={c.seconds}>
            {c.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Under a credential's status: until when its old secret works, and who still uses it. */
export function GraceNote({ grace, now }: { grace: GraceWindow; now: number }) {
  const used = grace.oldSecretLastUsedAt;
  const client = [grace.oldSecretLastUsedIp, userAgentLabel(grace.oldSecretUserAgent)].filter(Boolean).join(' ');
  return (
    <span className="grace-note">
      <Badge tone="warning">Grace</Badge>
      <span className="cell-sub">
        Old secret works until{' '}
        <time dateTime={grace.until} title={formatDateTime(grace.until)}>
          {graceUntil(grace.until, now)}
        </time>
      </span>
      <span className="cell-sub" title={grace.oldSecretUserAgent ?? undefined}>
        {used ? (
          <>
            Old secret still in use by {client || 'an unknown client'} —{' '}
            <time dateTime={used} title={formatDateTime(used)}>
              {formatRelative(used, now)}
            </time>
          </>
        ) : (
          'Old secret not used since the change'
        )}
      </span>
    </span>
  );
}
