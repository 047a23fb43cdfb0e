/**
 * Erlang C: the M/M/N queue with infinite patience, the classic staffing model for one skill.
 * `agents` servers, offered load `erlangs` = arrival rate × mean handle time.
 */

/** Probability that a contact waits at all; 1 when the load reaches the agents. */
export function erlangC(agents: number, erlangs: number): number {
  if (erlangs >= agents) return 1;
  // Erlang B by its stable recurrence, then C from B.
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Share of contacts answered within `seconds`. */
export function erlangServiceLevel(
  agents: number,
  erlangs: number,
  handleSeconds: number,
  seconds: number,
): number {
  if (erlangs >= agents) return 0;
  return 1 - erlangC(agents, erlangs) * Math.exp((-(agents - erlangs) * seconds) / handleSeconds);
}

/** Average speed of answer in seconds, over all contacts (those answered at once count 0). */
export function erlangAsa(agents: number, erlangs: number, handleSeconds: number): number {
  if (erlangs >= agents) return Number.POSITIVE_INFINITY;
  return (erlangC(agents, erlangs) * handleSeconds) / (agents - erlangs);
}

export interface ErlangPrediction {
  agents: number;
  erlangs: number;
  handleSeconds: number;
  targetSeconds: number;
  waitProbability: number;
  serviceLevel: number;
  asa: number;
}

export function predict(
  agents: number,
  perHour: number,
  handleSeconds: number,
  targetSeconds: number,
): ErlangPrediction {
  const erlangs = (perHour * handleSeconds) / 3600;
  return {
    agents,
    erlangs,
    handleSeconds,
    targetSeconds,
    waitProbability: erlangC(agents, erlangs),
    serviceLevel: erlangServiceLevel(agents, erlangs, handleSeconds, targetSeconds),
    asa: erlangAsa(agents, erlangs, handleSeconds),
  };
}
