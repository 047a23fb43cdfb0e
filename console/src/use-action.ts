import { useCallback, useState } from 'react';

/**
 * What a dialog's action shows: whether it is running, and what went wrong the last time, in the
 * API's words. `run` answers whether the action succeeded, so the dialog knows when to close.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (caught) {
      setError((caught as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
