import { describe, expect, it } from 'vitest';
import {
  pickTemplate,
  QueueTemplatesSchema,
  renderTemplate,
  templateProblems,
  unknownPlaceholders,
} from '#core/templates.ts';

describe('queue templates', () => {
  it('names every unknown placeholder with the path of the text holding it', () => {
    const set = QueueTemplatesSchema.parse({
      templates: {
        queued: { en: 'You are {{ place }} of {{position}}' },
        closed: { pt: 'Até {{abertura}}' },
      },
    });
    expect(templateProblems(set).map((problem) => problem.field)).toEqual([
      'templates.queued.en',
      'templates.closed.pt',
    ]);
    expect(unknownPlaceholders('{{customer.firstName}} {{ agent.name }}')).toEqual(['agent.name']);
  });

  it('speaks the customer’s language where it can, the company’s words first', () => {
    const set = QueueTemplatesSchema.parse({ templates: { queued: { en: 'Our words' } } });
    expect(pickTemplate(set, 'queued', 'en')).toBe('Our words');
    // A default in Spanish beats the company's English.
    expect(pickTemplate(set, 'queued', 'es')).toContain('Gracias');
    // No default in German: the company's own English.
    expect(pickTemplate(set, 'queued', 'de')).toBe('Our words');
    expect(pickTemplate(undefined, 'surveyThanks', 'de')).toBe('Thank you for your answer.');
  });

  it('fills what it knows and leaves nothing of what it does not', () => {
    expect(
      renderTemplate('Hi {{customer.firstName}}, #{{position}} {{ unknown }} in {{queue.name}}.', {
        'customer.firstName': 'Ana',
        position: 2,
      }),
    ).toBe('Hi Ana, #2 in .');
  });
});
