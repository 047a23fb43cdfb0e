import type { Agent } from '#core/model.ts';
import type { AgentGroup } from './scenario.ts';

export interface RosterAgent {
  agent: Agent;
  group: string;
  /** Times (ms from the start) at which the agent comes on and goes off, in order. */
  changes: Array<{ at: number; status: 'available' | 'offline' }>;
}

/** Expands agent groups into agents, with each shift's start and end over the horizon. */
export function expandRoster(groups: AgentGroup[], startHour: number, hours: number): RosterAgent[] {
  return groups.flatMap((group) =>
    Array.from({ length: group.count }, (_, i) => {
      const changes = group.shifts ? shiftChanges(group.shifts, startHour, hours) : [];
      const onAtStart = !group.shifts || changes[0]?.status === 'available';
      const agent: Agent = {
        agentId: `${group.name}-${i + 1}`,
        name: `${group.name} ${i + 1}`,
        skills: group.skills,
        capacity: group.capacity,
        status: onAtStart ? 'available' : 'offline',
        load: {},
        lastIdleAt: new Date(0).toISOString(),
      };
      return { agent, group: group.name, changes: changes.filter((change) => change.at > 0) };
    }),
  );
}

/** On/off times for daily shifts; a change at time 0 only decides the starting status. */
function shiftChanges(shifts: AgentGroup['shifts'] & object, startHour: number, hours: number) {
  const on = (hourOfDay: number) =>
    shifts.some((s) =>
      s.start <= s.end
        ? hourOfDay >= s.start && hourOfDay < s.end
        : hourOfDay >= s.start || hourOfDay < s.end,
    );
  const changes: Array<{ at: number; status: 'available' | 'offline' }> = [];
  let previous: boolean | undefined;
  // Quarter-hour resolution is enough for shift plans and keeps this a plain scan.
  for (let quarter = 0; quarter < hours * 4; quarter++) {
    const now = on((startHour + quarter / 4) % 24);
    if (now !== previous) changes.push({ at: quarter * 900_000, status: now ? 'available' : 'offline' });
    previous = now;
  }
  return changes;
}
