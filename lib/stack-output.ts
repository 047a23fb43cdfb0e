/**
 * One stack output a capability offers. Constructs list their own; the stack creates them with
 * these ids at its top level, because deploy scripts and docs read outputs by these names.
 */
export interface StackOutput {
  id: string;
  value: string;
  description: string;
}
