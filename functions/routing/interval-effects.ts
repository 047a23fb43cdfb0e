import {
  type Activity,
  type ActivitySpan,
  type AnswerInput,
  type HandleInput,
  intervalStart,
  type OfferedInput,
  queueIncrements,
  splitSpan,
} from '#core/intervals.ts';
import type { TableClient } from '#store/dynamo.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';

/** The desk attributes that say what the agent is doing since when, and the span last closed. */
export interface DeskActivity {
  /** Expressions to add to the desk's `SET`. */
  sets: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** No activity before: a desk written before interval reporting, or a new agent. */
const NONE = 'none';

const DESK_NAMES = Object.fromEntries(
  ['activity', 'activitySince', 'creditActivity', 'creditFrom', 'creditVersion'].map((name) => [
    `#${name}`,
    name,
  ]),
);

/**
 * Carries routing entries into the 15-minute interval records. Queue counts come from the
 * entry's outcome; an agent's time is closed on their desk, which already takes one guarded write
 * per touched agent per entry: when their activity changes, or the interval does, the desk moves
 * the open span (activity and since when) into `credit*` in the same write, and the span is then
 * added to the intervals it covers. A redelivered entry whose desk write is skipped finds its own
 * credit on the desk (`creditVersion`) and adds it again, which the interval's guard ignores.
 */
export class IntervalEffects {
  private readonly repo: IntervalsRepo;
  /** What this process last wrote on each desk: enough to leave an unchanged span open. */
  private readonly open = new Map<string, { activity: Activity; start: number }>();

  constructor(table: TableClient) {
    this.repo = new IntervalsRepo(table);
  }

  /** The desk's activity fields for an agent now doing `activity`, as of the entry at `at`. */
  deskActivity(agentId: string, activity: Activity, at: number): DeskActivity {
    const open = this.open.get(agentId);
    if (open?.activity === activity && open.start === intervalStart(at))
      return {
        sets: ['#activity = :activity'],
        names: { '#activity': 'activity' },
        values: { ':activity': activity },
      };
    // Right-hand sides read the desk as it was before this write: the span that ends now.
    return {
      sets: [
        '#creditActivity = if_not_exists(#activity, :none)',
        '#creditFrom = if_not_exists(#activitySince, :activitySince)',
        '#creditVersion = :routingVersion',
        '#activity = :activity',
        '#activitySince = :activitySince',
      ],
      names: DESK_NAMES,
      values: { ':activity': activity, ':activitySince': at, ':none': NONE },
    };
  }

  /**
   * The span a desk write by entry `version` closed, read from the desk it wrote, or found when it
   * had been written already. Only a desk this process wrote may leave the next span open.
   */
  closedSpan(
    agentId: string,
    desk: Record<string, unknown> | undefined,
    version: number,
    written: boolean,
  ): ActivitySpan | undefined {
    if (written && typeof desk?.activitySince === 'number')
      this.open.set(agentId, {
        activity: desk.activity as Activity,
        start: intervalStart(desk.activitySince),
      });
    else this.open.delete(agentId);
    if (!desk || desk.creditVersion !== version || desk.creditActivity === NONE) return undefined;
    const { creditActivity, creditFrom, activitySince } = desk;
    if (typeof creditFrom !== 'number' || typeof activitySince !== 'number') return undefined;
    return { agentId, activity: creditActivity as Activity, fromMs: creditFrom, toMs: activitySince };
  }

  /**
   * One entry's interval writes: one per queue and channel it counted in, and one per interval
   * each closed agent span covers (one, unless the agent sat unchanged across intervals).
   */
  async record(
    partition: string,
    version: number,
    at: number,
    parts: {
      offered: OfferedInput[];
      answers: readonly AnswerInput[];
      handles: HandleInput[];
      spans: ActivitySpan[];
    },
  ): Promise<void> {
    const writes: Array<Promise<void>> = queueIncrements(at, parts).map((increment) =>
      this.repo.addQueue(partition, version, increment),
    );
    for (const span of parts.spans)
      for (const { start, seconds } of splitSpan(span))
        writes.push(this.repo.addAgent(partition, version, span.agentId, start, span.activity, seconds));
    await Promise.all(writes);
  }
}
