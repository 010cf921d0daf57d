import { Loading } from '../components/ui/Feedback';

/** What shows while the first page's code arrives. */
export function PageLoading() {
  return (
    <div className="center-screen">
      <Loading />
    </div>
  );
}
