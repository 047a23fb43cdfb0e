import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export interface Outcome {
  type: 'success' | 'error' | 'info' | 'warning';
  /** What happened, in the agent's words. */
  content: string;
  header?: string;
  /** An outcome of the same kind replaces the one shown (one "Sent", not one per reply). */
  id: string;
}

interface Outcomes {
  shown: readonly Outcome[];
  report: (outcome: Outcome) => void;
  dismiss: (id: string) => void;
}

const OutcomeContext = createContext<Outcomes | undefined>(undefined);

/** The outcomes of what the user did (sent, transferred, refused), for the page's Flashbar. */
export function OutcomesProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<readonly Outcome[]>([]);
  const report = useCallback((outcome: Outcome) => {
    setShown((now) => [outcome, ...now.filter((other) => other.id !== outcome.id)]);
  }, []);
  const dismiss = useCallback((id: string) => setShown((now) => now.filter((other) => other.id !== id)), []);
  const value = useMemo(() => ({ shown, report, dismiss }), [shown, report, dismiss]);
  return <OutcomeContext.Provider value={value}>{children}</OutcomeContext.Provider>;
}

/** Reports an outcome to the page's Flashbar; outside a provider, nowhere. */
export function useReport(): (outcome: Outcome) => void {
  return useContext(OutcomeContext)?.report ?? ignore;
}

function ignore(): void {}

/** The page's outcomes, newest first, each dismissible; errors are announced at once. */
export function OutcomeBar() {
  const outcomes = useContext(OutcomeContext);
  const items: FlashbarProps.MessageDefinition[] = (outcomes?.shown ?? []).map((outcome) => ({
    id: outcome.id,
    type: outcome.type,
    header: outcome.header,
    content: outcome.content,
    dismissible: true,
    dismissLabel: 'Dismiss',
    ariaRole: outcome.type === 'error' ? 'alert' : 'status',
    onDismiss: () => outcomes?.dismiss(outcome.id),
  }));
  return <Flashbar items={items} />;
}
