import { describe, expect, it } from 'vitest';
import { type QueueInput, QueueSchema } from '#core/routing/index.ts';
import { Harness, offersIn, only, restored } from './harness.ts';

/** Billing ≥ 2 for 30 s, then any billing agent; the default policy prefers the customer's language first. */
const billing: QueueInput = {
  queueId: 'billing',
  name: 'Billing',
  steps: [{ skills: { billing: 2 }, seconds: 30 }, { skills: { billing: 1 } }],
  serviceLevel: { seconds: 60, target: 0.8 },
};

/** A queue that insists on fluent Spanish for its first minute, then settles for any Spanish. */
const ventas: QueueInput = {
  queueId: 'ventas',
  name: 'Ventas',
  steps: [
    { skills: { sales: 1 }, language: 4, seconds: 60 },
    { skills: { sales: 1 }, language: 1 },
  ],
  serviceLevel: { seconds: 60, target: 0.8 },
};

function floor(): Harness {
  const h = new Harness({ queues: [billing, ventas] });
  h.addAgent('emma', { billing: 3, 'lang:en': 5 });
  return h;
}

describe('language in routing steps', () => {
  it('offers a Spanish conversation to a Spanish speaker first, even over a better billing agent', () => {
    const h = floor();
    h.addAgent('sofia', { billing: 2, 'lang:es': 3 });
    const offer = only(offersIn(h.enqueue('wi-1', { language: 'es' })));
    expect(offer.agentId).toBe('sofia');
    expect(offer.explanation.language).toBe('es');
    expect(offer.explanation.step.skills).toEqual({ billing: 2, 'lang:es': 1 });
  });

  it('relaxes the preference like any other demand: nobody speaks Spanish, so the last step takes anyone', () => {
    const h = floor();
    expect(offersIn(h.enqueue('wi-1', { language: 'es' }))).toEqual([]);
    const offer = only(offersIn(h.advance(30)));
    expect(offer.agentId).toBe('emma');
    expect(offer.explanation).toMatchObject({ language: 'es', step: { index: 1, skills: { billing: 1 } } });
  });

  it('leaves items without a language to the queue’s own skills, and shows no language for them', () => {
    const h = floor();
    const offer = only(offersIn(h.enqueue('wi-1')));
    expect(offer.agentId).toBe('emma');
    expect(offer.explanation.language).toBeUndefined();
    expect(offer.explanation.step.skills).toEqual({ billing: 2 });
  });

  it('lets a queue demand a level of the customer’s language at each step, and never drop it', () => {
    const h = floor();
    h.addAgent('pablo', { sales: 2, 'lang:es': 2 });
    expect(offersIn(h.enqueue('wi-1', { queueId: 'ventas', language: 'es' }))).toEqual([]);
    const offer = only(offersIn(h.advance(60)));
    expect(offer.agentId).toBe('pablo');
    expect(offer.explanation.step.skills).toEqual({ sales: 1, 'lang:es': 1 });
    // A French conversation in the same queue asks for French, which nobody here speaks.
    expect(offersIn(h.enqueue('wi-2', { queueId: 'ventas', conversationId: 'c-2', language: 'fr' }))).toEqual(
      [],
    );
  });

  it('accepts a literal language skill in a step, and a step that opts out of the language', () => {
    const parsed = QueueSchema.parse({
      ...billing,
      steps: [
        { skills: { 'lang:es': 3 }, seconds: 10, language: 0 },
        { skills: {}, language: 2 },
      ],
    });
    expect(parsed.steps.map((step) => step.language)).toEqual([0, 2]);
    expect(QueueSchema.safeParse({ ...billing, steps: [{ language: 6 }] }).success).toBe(false);
  });

  it('keeps an item’s language through a restore, so it still waits for a speaker', () => {
    const h = floor();
    h.enqueue('wi-1', { language: 'es' });
    h.state = restored(h.state);
    const offers = offersIn(h.addAgent('sofia', { billing: 2, 'lang:es': 1 }));
    expect(only(offers)).toMatchObject({ agentId: 'sofia', explanation: { language: 'es' } });
  });

  it('takes the previous agent back only if they meet the loosest step in the customer’s language', () => {
    const h = floor();
    h.addAgent('pablo', { sales: 1, 'lang:es': 4 });
    const first = only(
      offersIn(h.enqueue('wi-1', { queueId: 'ventas', language: 'es', customerId: 'cu-1' })),
    );
    expect(first.agentId).toBe('pablo');
    h.send({ type: 'offerAccepted', offerId: first.offerId });
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    h.addAgent('pablo', { sales: 1 });
    const again = h.enqueue('wi-2', {
      queueId: 'ventas',
      language: 'es',
      customerId: 'cu-1',
      conversationId: 'c-2',
    });
    expect(offersIn(again)).toEqual([]);
  });

  it("takes an agent whose skills name no language to speak the partition's agent language", () => {
    const h = new Harness({ queues: [billing] });
    h.addAgent('noor', { billing: 2 });
    const offer = only(offersIn(h.enqueue('wi-en', { language: 'en' })));
    expect(offer).toMatchObject({ agentId: 'noor' });
    expect(offer.explanation.step.index).toBe(0);
    // What the definition said is what the agent's view shows.
    expect(h.state.agents.get('noor')?.givenSkills).toEqual({ billing: 2 });

    const spanish = new Harness({ queues: [billing], config: { agentLanguage: 'es' } });
    spanish.addAgent('noor', { billing: 2 });
    expect(offersIn(spanish.enqueue('wi-en', { language: 'en' }))).toEqual([]);
    expect(only(offersIn(spanish.enqueue('wi-es', { language: 'es' }))).agentId).toBe('noor');
  });
});
