import * as z from 'zod';
import { DomainError } from './errors.ts';

/**
 * WhatsApp message templates: the only messages WhatsApp delivers to a customer outside the 24
 * hours after they last wrote. Meta approves each template (name, language, body with numbered
 * placeholders `{{1}}`, `{{2}}` …) in WhatsApp Manager; the company lists the approved ones it
 * wants agents to use in configuration, and an agent fills in the parameters.
 */
export const WhatsAppTemplateSchema = z.strictObject({
  /** As approved in WhatsApp Manager: lower case letters, digits and underscores. */
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower case letters, digits and underscores'),
  /** The approved translation's language code, such as `en`, `en_US` or `pt_BR`. */
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as en or en_US'),
  /** The approved body text, as the customer will read it with its parameters filled in. */
  body: z.string().min(1).max(1024),
  /** What it is for, for the agent choosing one. */
  description: z.string().max(200).optional(),
});
export type WhatsAppTemplate = z.infer<typeof WhatsAppTemplateSchema>;

export const WhatsAppTemplatesSchema = z.array(WhatsAppTemplateSchema).max(250);

/** An agent's choice: which template, in which language, with which parameters in order. */
export const TemplateChoiceSchema = z.strictObject({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(8),
  parameters: z.array(z.string().trim().min(1).max(1024)).max(20).default([]),
});
export type TemplateChoice = z.infer<typeof TemplateChoiceSchema>;

/** The configured templates, from their JSON; an error says what is wrong and where. */
export function parseWhatsAppTemplates(json: string): WhatsAppTemplate[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('not valid JSON');
  }
  const parsed = WhatsAppTemplatesSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
  throw new Error(`${issue?.message ?? 'invalid templates'}${where}`);
}

/** How many parameters a body takes: its highest placeholder number. */
export function parameterCount(body: string): number {
  return Math.max(0, ...[...body.matchAll(/\{\{(\d+)\}\}/g)].map((match) => Number(match[1])));
}

/**
 * The configured template an agent chose, and its text as the customer reads it (what the
 * timeline shows). Refused, naming the field, for a template not configured in that language or
 * the wrong number of parameters.
 */
export function fillTemplate(
  templates: readonly WhatsAppTemplate[],
  choice: TemplateChoice,
): { template: WhatsAppTemplate; text: string } {
  const template = templates.find((t) => t.name === choice.name && t.language === choice.language);
  if (!template) {
    throw new DomainError(
      'invalid_input',
      `template.name: no approved template ${choice.name} in ${choice.language} is configured`,
      { field: 'template.name' },
    );
  }
  const expected = parameterCount(template.body);
  if (choice.parameters.length !== expected) {
    throw new DomainError(
      'invalid_input',
      `template.parameters: ${template.name} takes ${expected}, not ${choice.parameters.length}`,
      { field: 'template.parameters' },
    );
  }
  const text = template.body.replace(
    /\{\{(\d+)\}\}/g,
    (_, n: string) => choice.parameters[Number(n) - 1] ?? '',
  );
  return { template, text };
}
