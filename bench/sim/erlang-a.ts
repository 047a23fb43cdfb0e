/**
 * Erlang A: the M/M/n+M queue, Erlang C with impatient customers. Arrivals at rate λ, `agents`
 * servers each finishing at rate μ, and every waiting customer giving up at rate θ (exponential
 * patience with mean 1/θ). The state is the number in the system; its stationary law is
 *
 *   π(k) ∝ (λ/μ)^k / k!                                 for k ≤ n
 *   π(n+j) = π(n) · Π_{i=1..j} λ / (nμ + iθ)              for j ≥ 1
 *
 * An arrival sees the stationary law (PASTA). One who finds n + j in the system waits behind j
 * others; with m still ahead, the line moves at nμ + mθ, so the time to service is a sum of
 * exponential stages, raced against the customer's own patience.
 */

export interface ErlangAFigures {
  /** Share of all arrivals that find every agent busy. */
  waitProbability: number;
  /** Share of all arrivals that give up before an agent answers. */
  abandonShare: number;
  /** Share of all arrivals answered within the target (those answered at once included). */
  serviceLevel: number;
  /** Average wait of the answered, seconds. */
  asa: number;
}

interface Rates {
  n: number;
  lambda: number;
  mu: number;
  theta: number;
}

/** π(n + j) for j = 0, 1, … until the tail is negligible, and P(k < n), all normalised. */
function stationary({ n, lambda, mu, theta }: Rates): { below: number; waiting: number[] } {
  const a = lambda / mu;
  let weight = 1;
  let below = 0;
  for (let k = 0; k < n; k++) {
    below += weight;
    weight = (weight * a) / (k + 1);
  }
  const waiting = [weight];
  let total = below + weight;
  for (let j = 1; j < 100_000; j++) {
    weight = (weight * lambda) / (n * mu + j * theta);
    waiting.push(weight);
    total += weight;
    if (weight < total * 1e-14) break;
  }
  return { below: below / total, waiting: waiting.map((w) => w / total) };
}

/** The line's speed with m customers ahead. */
const speed = (r: Rates, m: number) => r.n * r.mu + m * r.theta;

/** P(answered | j ahead) = E[e^{-θV}], the Laplace transform of the time to service at θ. */
function answeredChance(r: Rates, j: number): number {
  let product = 1;
  for (let m = 0; m <= j; m++) product *= speed(r, m) / (speed(r, m) + r.theta);
  return product;
}

/** E[V · 1{answered} | j ahead] = −L′(θ) = L(θ) · Σ 1 / (speed + θ). */
function answeredWait(r: Rates, j: number): number {
  let sum = 0;
  for (let m = 0; m <= j; m++) sum += 1 / (speed(r, m) + r.theta);
  return answeredChance(r, j) * sum;
}

/**
 * P(answered within t | j ahead), by uniformising the chain of places in line (j … 0, then
 * answered; giving up leaves it), which stays stable where the closed form cancels badly.
 */
function answeredWithin(r: Rates, j: number, t: number): number {
  const uniform = speed(r, j) + r.theta;
  let place = new Float64Array(j + 1);
  place[j] = 1;
  let answered = 0;
  let poisson = Math.exp(-uniform * t);
  let seen = poisson;
  let within = 0;
  for (let step = 1; seen < 1 - 1e-12 && step < 1_000_000; step++) {
    const next = new Float64Array(j + 1);
    for (let m = 0; m <= j; m++) {
      const mass = place[m] ?? 0;
      if (mass === 0) continue;
      const forward = speed(r, m) / uniform;
      next[m] = (next[m] ?? 0) + mass * (1 - forward - r.theta / uniform);
      if (m > 0) next[m - 1] = (next[m - 1] ?? 0) + mass * forward;
      else answered += mass * forward;
    }
    place = next;
    poisson *= (uniform * t) / step;
    seen += poisson;
    within += poisson * answered;
  }
  return within;
}

/**
 * Erlang A figures for `agents` agents, `perHour` arrivals, exponential handle and patience
 * times with the given means, and a service-level target of `targetSeconds`.
 */
export function erlangA(
  agents: number,
  perHour: number,
  handleSeconds: number,
  patienceSeconds: number,
  targetSeconds: number,
): ErlangAFigures {
  const r: Rates = { n: agents, lambda: perHour / 3600, mu: 1 / handleSeconds, theta: 1 / patienceSeconds };
  const { below, waiting } = stationary(r);
  let answered = below;
  let waitSum = 0;
  let within = below;
  waiting.forEach((p, j) => {
    answered += p * answeredChance(r, j);
    waitSum += p * answeredWait(r, j);
    within += p * answeredWithin(r, j, targetSeconds);
  });
  return {
    waitProbability: 1 - below,
    abandonShare: 1 - answered,
    serviceLevel: within,
    asa: waitSum / answered,
  };
}
