/** What a chaos run saw: acknowledgements on the way in, the table's contents once drained. */
export interface Observed {
  /** `conversation#seq` of every message that got a 2xx. */
  acknowledged: ReadonlySet<string>;
  /** Per conversation, the `seq` of each of its messages on the timeline, oldest first. */
  timelines: ReadonlyMap<string, readonly number[]>;
  /** Per conversation id the platform opened for the run's conversations, its work items. */
  workItems: ReadonlyMap<string, number>;
  deadLettered: number;
}

export interface Figures {
  acknowledged: number;
  stored: number;
  /** Acknowledged messages missing from their timeline, and conversations without a work item. */
  lost: number;
  /** Extra copies of a message on a timeline, and extra work items for one conversation. */
  doubled: number;
  /** Messages on a timeline after one written later in the same conversation. */
  outOfOrder: number;
  deadLettered: number;
  recoverSeconds: number;
}

/** The figures of a run: every acknowledged message once and in order, one work item each. */
export function countRun(observed: Observed, recoverSeconds: number): Figures {
  let stored = 0;
  let doubled = 0;
  let outOfOrder = 0;
  const found = new Set<string>();
  for (const [conversation, seqs] of observed.timelines) {
    let latest = -1;
    for (const seq of seqs) {
      const tag = `${conversation}#${seq}`;
      if (found.has(tag)) {
        doubled++;
        continue;
      }
      found.add(tag);
      stored++;
      if (seq < latest) outOfOrder++;
      latest = Math.max(latest, seq);
    }
  }
  let lost = [...observed.acknowledged].filter((tag) => !found.has(tag)).length;
  for (const count of observed.workItems.values()) {
    if (count === 0) lost++;
    doubled += Math.max(0, count - 1);
  }
  return {
    acknowledged: observed.acknowledged.size,
    stored,
    lost,
    doubled,
    outOfOrder,
    deadLettered: observed.deadLettered,
    recoverSeconds: Math.round(recoverSeconds * 10) / 10,
  };
}

/** Anything lost, doubled or dead-lettered fails the run. */
export function passed(figures: Figures): boolean {
  return figures.lost === 0 && figures.doubled === 0 && figures.deadLettered === 0;
}
