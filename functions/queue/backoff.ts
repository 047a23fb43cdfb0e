/**
 * How long a message that failed for a transient reason stays hidden before its next receive:
 * exponential in the receive count, capped, with jitter so the messages of one outage do not
 * all come back at the same moment. Plain numbers only, so the CDK app sizes the redrive
 * policies from the same figures the consumers use.
 */
export const BACKOFF = {
  /** Hidden after the first failed receive. */
  baseSeconds: 1,
  /** Never hidden longer than this, so a message is retried soon after its dependency returns. */
  capSeconds: 120,
  /** Up to this fraction is added at random; never subtracted, so the sum below holds. */
  jitter: 0.25,
  /** How long an outage may last before a message could dead-letter: twice the five minutes promised. */
  outlastSeconds: 600,
} as const;

/** Seconds to hide a message after its `receiveCount`-th receive failed. */
export function backoffSeconds(receiveCount: number, random: () => number = Math.random): number {
  const nominal = nominalSeconds(receiveCount);
  return Math.min(Math.ceil(nominal * (1 + BACKOFF.jitter * random())), SQS_MAX_VISIBILITY_SECONDS);
}

/**
 * The redrive policy's maxReceiveCount: enough receives that the backoff between them adds up
 * to `outlastSeconds` before a message that keeps failing is moved to the dead-letter queue.
 */
export function receivesToOutlast(seconds: number = BACKOFF.outlastSeconds): number {
  let hidden = 0;
  let receives = 1;
  while (hidden < seconds) hidden += nominalSeconds(receives++);
  return receives;
}

/** SQS's longest visibility timeout (12 hours). */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

function nominalSeconds(receiveCount: number): number {
  return Math.min(BACKOFF.capSeconds, BACKOFF.baseSeconds * 2 ** Math.max(0, receiveCount - 1));
}
