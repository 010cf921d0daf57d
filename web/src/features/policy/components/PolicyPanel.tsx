import { Button } from '../../../components/ui/Button';
import { ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { usePolicy } from '../api/get-policy';
import { PolicyForm } from './PolicyForm';

/** Loads the policy in force, then the form over it. */
export function PolicyPanel() {
  const policy = usePolicy();
  if (policy.isPending) return <Loading label="Loading the policy…" />;
  if (policy.isError)
    return (
      <ErrorAlert title="The policy could not be loaded.">
        {errorMessage(policy.error)}{' '}
        <Button size="sm" onClick={() => void policy.refetch()} busy={policy.isFetching}>
          Retry
        </Button>
      </ErrorAlert>
    );
  return <PolicyForm policy={policy.data} />;
}
