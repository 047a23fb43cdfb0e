import { erlangA } from './erlang-a.ts';

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

/** What queueing theory says a run should show, in the figures the simulator measures. */
export interface ErlangPrediction {
  /** Erlang C without abandonment, Erlang A (M/M/n+M) with exponential patience. */
  model: 'Erlang C' | 'Erlang A';
  agents: number;
  erlangs: number;
  handleSeconds: number;
  /** Mean patience, for Erlang A. */
  patienceSeconds?: number | undefined;
  targetSeconds: number;
  /** Share of answered contacts that waited at all. */
  waitProbability: number;
  /** Answered within the target ÷ (answered + abandoned). */
  serviceLevel: number;
  /** Average wait of the answered, seconds. */
  asa: number;
  /** Share of contacts that gave up. */
  abandonShare: number;
}

export function predict(
  agents: number,
  perHour: number,
  handleSeconds: number,
  targetSeconds: number,
  patienceSeconds?: number,
): ErlangPrediction {
  const erlangs = (perHour * handleSeconds) / 3600;
  const common = { agents, erlangs, handleSeconds, targetSeconds };
  if (patienceSeconds === undefined) {
    return {
      model: 'Erlang C',
      ...common,
      waitProbability: erlangC(agents, erlangs),
      serviceLevel: erlangServiceLevel(agents, erlangs, handleSeconds, targetSeconds),
      asa: erlangAsa(agents, erlangs, handleSeconds),
      abandonShare: 0,
    };
  }
  const a = erlangA(agents, perHour, handleSeconds, patienceSeconds, targetSeconds);
  return {
    model: 'Erlang A',
    ...common,
    patienceSeconds,
    // Everyone who gave up had waited: what is left of the waiting were answered.
    waitProbability: (a.waitProbability - a.abandonShare) / (1 - a.abandonShare),
    serviceLevel: a.serviceLevel,
    asa: a.asa,
    abandonShare: a.abandonShare,
  };
}

/** The predicted share answered within `seconds`, for a curve beside the measured one. */
export function predictedServiceLevel(prediction: ErlangPrediction, seconds: number): number {
  const { agents, erlangs, handleSeconds, patienceSeconds } = prediction;
  if (patienceSeconds === undefined) return erlangServiceLevel(agents, erlangs, handleSeconds, seconds);
  return erlangA(agents, (erlangs * 3600) / handleSeconds, handleSeconds, patienceSeconds, seconds)
    .serviceLevel;
}
