import type { ReactNode } from 'react';
import type { FeatureFlag } from '../../lib/feature-flags';
import { Notice } from '../ui/Feedback';
import { CredentialPanel, type CredentialPanelProps } from './CredentialPanel';

/** What the panel reads of the list's query (TanStack Query's result). */
interface ListQuery<T> {
  data: T | undefined;
  isPending: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
}

export interface FeatureCredentialPanelProps<T> extends Omit<
  CredentialPanelProps,
  'loading' | 'error' | 'onRetry' | 'retrying' | 'children'
> {
  /** The deployment feature the kind belongs to (useFeatureFlag); the list is fetched only once it is known on. */
  feature: FeatureFlag;
  list: ListQuery<T>;
  /** Said instead of the list when the deployment leaves the kind out. */
  unavailable: string;
  /** The loaded list. */
  children: (data: T) => ReactNode;
}

/**
 * CredentialPanel for a kind a deployment may leave out (OAuth 2.0 clients, application credentials): loading until
 * the flag is known and, when on, the list has come; the flag's error before the list's, and Retry for the one failed.
 */
export function FeatureCredentialPanel<T>({
  feature,
  list,
  unavailable,
  children,
  ...panel
}: FeatureCredentialPanelProps<T>) {
  return (
    <CredentialPanel
      {...panel}
      loading={feature.isPending || (feature.enabled === true && list.isPending)}
      error={feature.error ?? list.error}
      onRetry={() => void (feature.isError ? feature.refetch() : list.refetch())}
      retrying={list.isFetching}
    >
      {feature.enabled === false ? <Notice tone="info">{unavailable}</Notice> : null}
      {list.data ? children(list.data) : null}
    </CredentialPanel>
  );
}
