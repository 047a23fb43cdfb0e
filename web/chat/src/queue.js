// What the visitor is told while they wait: their place in line and about how long, or when a
// closed queue opens again.

export function queueText(queue, language) {
  if (queue?.state === 'offered') return 'An agent is about to join.';
  if (queue?.state !== 'waiting') return '';
  if (queue.open === false) return closedText(queue.nextOpening, language);
  const place = queue.position ? `You are number ${queue.position} in line.` : 'You are in line.';
  const seconds = queue.estimatedWaitSeconds;
  if (seconds === null || seconds === undefined)
    return `${place} We will be with you as soon as an agent is free.`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `${place} Estimated wait: about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/** Outside the queue's hours: the message waits, and the visitor is told until when. */
function closedText(nextOpening, language) {
  if (!nextOpening) return 'We are closed now. Your message will be answered when we open.';
  const at = new Date(nextOpening).toLocaleString(language, {
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
  });
  return `We are closed now. We open again ${at}; your message will be answered then.`;
}
