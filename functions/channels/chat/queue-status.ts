import { type ChatSession, chatThreadKey } from '#core/chat-session.ts';
import type { WaitEstimate } from '#core/routing/index.ts';
import type { AppDeps } from '#deps/app.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import { WaitBoard } from '#routing/wait-board.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { type PresenceDeps, reportSeen } from './presence.ts';

/** What the widget shows a waiting visitor. */
export interface QueueStatus {
  queueId: string | null;
  state: WaitEstimate['state'] | 'closed';
  position: number | null;
  estimatedWaitSeconds: number | null;
  /** Whether the queue is within its opening hours. */
  open: boolean;
  /** While closed, when it opens next (ISO); work waits until then. */
  nextOpening?: string;
}

const CLOSED: QueueStatus = {
  queueId: null,
  state: 'closed',
  position: null,
  estimatedWaitSeconds: null,
  open: true,
};

/** The wait boards of every partition, one per container, so their short read cache is shared. */
export class WaitBoards {
  private readonly boards = new Map<string, WaitBoard>();

  constructor(
    private readonly deps: Pick<AppDeps, 'table'>,
    private readonly partitions: PartitionMap,
  ) {}

  forQueue(queueId: string): WaitBoard {
    const partition = this.partitions.ofQueue(queueId);
    let board = this.boards.get(partition);
    if (!board) {
      board = new WaitBoard(this.deps.table, partition);
      this.boards.set(partition, board);
    }
    return board;
  }
}

/**
 * Where the session's open work item stands: its queue, whether the queue is open (and if not,
 * when it opens), and from the routing partition's wait board its place in line and estimated wait. `closed` when nothing is open (not yet queued, or
 * done); a position and estimate of null while the board has not yet caught up with the item.
 */
export async function queueStatus(
  session: ChatSession,
  deps: PresenceDeps,
  boards: WaitBoards,
): Promise<QueueStatus> {
  const conversationId = await deps.conversations.threadConversation(chatThreadKey(session.sessionId));
  const conversation = conversationId ? await deps.conversations.get(conversationId) : undefined;
  const item = conversation?.openWorkItemId
    ? await deps.workItems.get(conversation.openWorkItemId)
    : undefined;
  if (!item || item.state === 'wrapped' || item.state === 'abandoned') return CLOSED;
  // The widget polls while it is open: a waiting visitor who asks is still there.
  const [estimate, opening] = await Promise.all([
    boards.forQueue(item.queueId).read(item.workItemId),
    new QueueHoursRepo(deps.table).opening(item.queueId, deps.clock.now().getTime()),
    reportSeen(item, deps),
  ]);
  const state =
    estimate?.state ??
    (item.state === 'queued' ? 'waiting' : item.state === 'offered' ? 'offered' : 'assigned');
  return {
    queueId: item.queueId,
    state,
    position: estimate?.position ?? (state === 'waiting' ? null : 0),
    estimatedWaitSeconds: estimate ? (estimate.estimatedWaitSeconds ?? null) : state === 'waiting' ? null : 0,
    ...opening,
  };
}
