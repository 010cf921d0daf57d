import { createRoot } from 'react-dom/client';
import ConfirmItsYouDialog from './ConfirmItsYouDialog';

/**
 * Shows "Confirm it's you" in a React root of its own and settles with the answer: true once the server accepted the
 * proof, false on Cancel. Loaded on the first step-up only (AppLayout registers it with lib/reauthentication.ts), so
 * neither the dialog nor its form code weighs on any page's first load.
 */
export function askConfirmItsYou(): Promise<boolean> {
  return new Promise((resolve) => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    const done = (confirmed: boolean) => {
      resolve(confirmed);
      // After this event: the dialog gives focus back to what opened it as it unmounts.
      setTimeout(() => {
        root.unmount();
        host.remove();
      });
    };
    root.render(<ConfirmItsYouDialog open onResult={done} />);
  });
}
