import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors.ts';
import { fillTemplate, parameterCount, parseWhatsAppTemplates } from '#core/whatsapp-templates.ts';

const ORDER = {
  name: 'order_update',
  language: 'en_US',
  body: 'Hi {{1}}, your order {{2}} has shipped.',
};

describe('WhatsApp templates', () => {
  it('counts the parameters a body takes by its highest placeholder', () => {
    expect(parameterCount(ORDER.body)).toBe(2);
    expect(parameterCount('We are open again.')).toBe(0);
  });

  it('fills the chosen template in, as the customer will read it', () => {
    const { template, text } = fillTemplate([ORDER], {
      name: 'order_update',
      language: 'en_US',
      parameters: ['Ana', 'A-1042'],
    });
    expect(template).toBe(ORDER);
    expect(text).toBe('Hi Ana, your order A-1042 has shipped.');
  });

  it('refuses a template not configured in that language, naming template.name', () => {
    const refusal = catchError(() =>
      fillTemplate([ORDER], { name: 'order_update', language: 'pt_BR', parameters: ['Ana', 'A-1'] }),
    );
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal?.details.field).toBe('template.name');
  });

  it('refuses the wrong number of parameters, naming template.parameters', () => {
    const refusal = catchError(() =>
      fillTemplate([ORDER], { name: 'order_update', language: 'en_US', parameters: ['Ana'] }),
    );
    expect(refusal?.details.field).toBe('template.parameters');
    expect(refusal?.message).toContain('takes 2, not 1');
  });

  it('reads the configured list, and says what is wrong with a bad one and where', () => {
    expect(parseWhatsAppTemplates(JSON.stringify([ORDER]))).toEqual([ORDER]);
    expect(() => parseWhatsAppTemplates('[{')).toThrow('not valid JSON');
    expect(() => parseWhatsAppTemplates(JSON.stringify([{ ...ORDER, name: 'Order Update' }]))).toThrow(
      /lower case letters.*\(at 0\.name\)/,
    );
  });
});

function catchError(run: () => unknown): DomainError | undefined {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  return undefined;
}
