import type { RosterAgent } from './roster.ts';

interface AgentClock {
  group: string;
  onShift: boolean;
  load: number;
  /** When the agent last became present (on shift or still working) and busy; NaN when not. */
  presentSince: number;
  busySince: number;
  staffedMs: number;
  busyMs: number;
}

/**
 * Occupancy bookkeeping: an agent is staffed while on shift or still finishing work after it,
 * busy while holding at least one assigned contact; both clipped to the measured window.
 */
export class Usage {
  private readonly clocks = new Map<string, AgentClock>();

  constructor(
    roster: RosterAgent[],
    private readonly window: [number, number],
  ) {
    for (const { agent, group } of roster) {
      const onShift = agent.status === 'available';
      this.clocks.set(agent.agentId, {
        group,
        onShift,
        load: 0,
        presentSince: onShift ? 0 : Number.NaN,
        busySince: Number.NaN,
        staffedMs: 0,
        busyMs: 0,
      });
    }
  }

  shift(agentId: string, onShift: boolean, now: number): void {
    const clock = this.clocks.get(agentId);
    if (!clock) return;
    this.settle(clock, now);
    clock.onShift = onShift;
    this.restart(clock, now);
  }

  take(agentId: string, now: number): void {
    this.adjust(agentId, now, 1);
  }

  release(agentId: string, now: number): void {
    this.adjust(agentId, now, -1);
  }

  close(end: number): void {
    for (const clock of this.clocks.values()) this.settle(clock, end);
  }

  byGroup(): Map<string, { staffedMs: number; busyMs: number }> {
    const groups = new Map<string, { staffedMs: number; busyMs: number }>();
    for (const clock of this.clocks.values()) {
      const total = groups.get(clock.group) ?? { staffedMs: 0, busyMs: 0 };
      total.staffedMs += clock.staffedMs;
      total.busyMs += clock.busyMs;
      groups.set(clock.group, total);
    }
    return groups;
  }

  private adjust(agentId: string, now: number, delta: number): void {
    const clock = this.clocks.get(agentId);
    if (!clock) return;
    this.settle(clock, now);
    clock.load = Math.max(0, clock.load + delta);
    this.restart(clock, now);
  }

  /** Adds the time since the last change to the running totals. */
  private settle(clock: AgentClock, now: number): void {
    clock.staffedMs += this.clipped(clock.presentSince, now);
    clock.busyMs += this.clipped(clock.busySince, now);
    clock.presentSince = Number.NaN;
    clock.busySince = Number.NaN;
  }

  private restart(clock: AgentClock, now: number): void {
    if (clock.onShift || clock.load > 0) clock.presentSince = now;
    if (clock.load > 0) clock.busySince = now;
  }

  private clipped(since: number, now: number): number {
    if (Number.isNaN(since)) return 0;
    return Math.max(0, Math.min(now, this.window[1]) - Math.max(since, this.window[0]));
  }
}
