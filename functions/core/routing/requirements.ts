import type { Skills } from '../model.ts';
import type { Requirement } from './records.ts';

/** One canonical key per distinct demand, so queues asking the same thing share pools. */
export function requirementKey(skills: Skills): string {
  return Object.keys(skills)
    .sort()
    .map((skill) => `${skill}>=${skills[skill]}`)
    .join('&');
}

export function meets(agentSkills: Skills, requirement: Requirement): boolean {
  for (const [skill, min] of requirement.entries) {
    if ((agentSkills[skill] ?? 0) < min) return false;
  }
  return true;
}

/** Proficiency for a step: the sum over its skills, so a two-skill step weighs both. */
export function skillScore(agentSkills: Skills, requirement: Requirement): number {
  let score = 0;
  for (const [skill] of requirement.entries) score += agentSkills[skill] ?? 0;
  return score;
}

/** Interns requirements; the set only grows, which is fine for the few a partition has. */
export class RequirementRegistry {
  private readonly byKey = new Map<string, Requirement>();
  readonly all: Requirement[] = [];

  get(skills: Skills): { requirement: Requirement; created: boolean } {
    const key = requirementKey(skills);
    const known = this.byKey.get(key);
    if (known) return { requirement: known, created: false };
    // In key order, not the first asking queue's: decisions show these skills, and which queue
    // asked first is history a restore does not repeat.
    const entries = Object.entries(skills).sort(([a], [b]) => (a < b ? -1 : 1));
    const requirement: Requirement = {
      id: this.all.length,
      key,
      skills: Object.fromEntries(entries),
      entries,
      itemPools: [],
      agentPools: [],
    };
    this.byKey.set(key, requirement);
    this.all.push(requirement);
    return { requirement, created: true };
  }
}
