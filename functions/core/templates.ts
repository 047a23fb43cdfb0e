import * as z from 'zod';
import { LanguageCodeSchema } from './language.ts';

/**
 * Every text a customer receives automatically, by kind. A queue overrides any of them per
 * language; what it leaves out comes from the defaults below, so a queue with no templates still
 * speaks, and a company can speak in its own voice where it wants to.
 */
export const TEMPLATE_KINDS = [
  /** The one notice when a messaging contact is queued. */
  'queued',
  /** The one further notice when the estimate has grown a lot. */
  'queuedAgain',
  /** Outside the queue's hours. */
  'closed',
  /** The answer to a "CALL" reply: when to expect the call back, and while no estimate is known. */
  'callback',
  'callbackSoon',
  /** Added to the queued notices on SMS and WhatsApp, whose customers can answer `CALL`. */
  'callbackOffer',
  /** The survey as a reply on SMS, WhatsApp and the other messaging channels. */
  'survey',
  /** The survey in the chat, above the widget's rating card. */
  'surveyChat',
  /** The survey by email: the body around the signed link. */
  'surveyEmail',
  /** The answer to a rating the customer sent. */
  'surveyThanks',
  /** The opening of a chat transcript sent by email. */
  'transcript',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** What a template may name; anything else is refused when the template is saved. */
export const PLACEHOLDERS = [
  'customer.firstName',
  'customer.name',
  'position',
  'estimatedWaitMinutes',
  'queue.name',
  'nextOpening',
  'surveyLink',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<Placeholder, string | number | undefined>>;

const KNOWN = new Set<string>(PLACEHOLDERS);
/** `{{ name }}`: letters, digits, dots and underscores, spaces allowed inside the braces. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const TemplateTextSchema = z.string().trim().min(1).max(1000);
/** One kind's text per language (`{ "en": "…", "pt": "…" }`). */
const ByLanguageSchema = z.partialRecord(LanguageCodeSchema, TemplateTextSchema);

/** A question a queue adds to its survey, after the rating and comment. */
export const SurveyQuestionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes, starting with a letter'),
  /** The question per language. */
  text: z.partialRecord(LanguageCodeSchema, z.string().trim().min(1).max(300)),
  type: z.enum(['yesNo', 'text']).default('text'),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>;

/** The body of `PUT /queues/{queueId}/templates`. */
export const QueueTemplatesSchema = z.strictObject({
  templates: z.partialRecord(z.enum(TEMPLATE_KINDS), ByLanguageSchema).default({}),
  /** Up to three more questions of the queue's own. */
  surveyQuestions: z.array(SurveyQuestionSchema).max(3).default([]),
});
export type QueueTemplates = z.infer<typeof QueueTemplatesSchema>;

/** The built-in texts, used for every kind and language a queue does not set. */
export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<string, string>> = {
  queued: {
    en: 'Thanks for your message. You are number {{position}} in line for {{queue.name}}; the estimated wait is about {{estimatedWaitMinutes}} minutes.',
    es: 'Gracias por su mensaje. Es el número {{position}} en la cola de {{queue.name}}; la espera estimada es de unos {{estimatedWaitMinutes}} minutos.',
    pt: 'Obrigado pela sua mensagem. É o número {{position}} na fila de {{queue.name}}; a espera estimada é de cerca de {{estimatedWaitMinutes}} minutos.',
  },
  queuedAgain: {
    en: 'Sorry for the wait: it is taking longer than we thought. You are number {{position}} in line; the estimated wait is now about {{estimatedWaitMinutes}} minutes.',
  },
  closed: {
    en: 'Thanks for your message. We are closed right now and open again {{nextOpening}}; we will answer you then.',
    es: 'Gracias por su mensaje. Ahora estamos cerrados y abrimos de nuevo {{nextOpening}}; le responderemos entonces.',
    pt: 'Obrigado pela sua mensagem. Estamos fechados neste momento e abrimos de novo {{nextOpening}}; respondemos nessa altura.',
  },
  callback: {
    en: 'We will call you back in about {{estimatedWaitMinutes}} minutes; you keep your place in line.',
    es: 'Le llamaremos en unos {{estimatedWaitMinutes}} minutos; conserva su lugar en la cola.',
    pt: 'Vamos ligar-lhe dentro de cerca de {{estimatedWaitMinutes}} minutos; mantém o seu lugar na fila.',
  },
  callbackSoon: {
    en: 'We will call you back as soon as an agent is free; you keep your place in line.',
    es: 'Le llamaremos en cuanto haya un agente libre; conserva su lugar en la cola.',
    pt: 'Vamos ligar-lhe assim que houver um agente livre; mantém o seu lugar na fila.',
  },
  callbackOffer: {
    en: 'Reply CALL and we will call you back instead.',
    es: 'Responda LLAMAR y le llamaremos.',
    pt: 'Responda LIGAR e ligamos-lhe.',
  },
  survey: {
    en: 'How did we do? Reply with a number from 1 (poor) to 5 (excellent).',
    es: '¿Qué tal lo hicimos? Responda con un número del 1 (mal) al 5 (excelente).',
    pt: 'Como correu? Responda com um número de 1 (mau) a 5 (excelente).',
  },
  surveyChat: { en: 'How did we do? Rate this chat below.' },
  surveyEmail: {
    en: 'Hello {{customer.firstName}},\n\nHow did we do? Tell us in one click: {{surveyLink}}\n\nThank you.',
  },
  surveyThanks: { en: 'Thank you for your answer.' },
  transcript: {
    en: 'Hello {{customer.firstName}},\n\nHere is the transcript of your chat with {{queue.name}}.',
  },
};

/**
 * Checks every text of a template set: a placeholder outside `PLACEHOLDERS` is refused with the
 * path of the text that holds it (`templates.queued.en`), so a typo is found when the template
 * is saved rather than when a customer reads it.
 */
export function templateProblems(set: QueueTemplates): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  for (const [kind, texts] of Object.entries(set.templates)) {
    for (const [language, text] of Object.entries(texts ?? {})) {
      for (const name of unknownPlaceholders(text ?? '')) {
        problems.push({
          field: `templates.${kind}.${language}`,
          message: `unknown placeholder {{${name}}}; known: ${PLACEHOLDERS.join(', ')}`,
        });
      }
    }
  }
  return problems;
}

/** The placeholders in `text` that `known` does not name (by default, the customer texts' own). */
export function unknownPlaceholders(text: string, known: ReadonlySet<string> = KNOWN): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').filter((name) => !known.has(name));
}

/**
 * The text of `kind` for a customer writing in `language`: the queue's own in that language,
 * else the queue's in its first language, else the default in that language, else in English.
 * A queue's text in another language beats a default in the right one only when no default
 * exists in that language: the company's words, but never the wrong language when avoidable.
 */
export function pickTemplate(set: QueueTemplates | undefined, kind: TemplateKind, language?: string): string {
  const own = set?.templates[kind] ?? {};
  const defaults = DEFAULT_TEMPLATES[kind];
  const lang = language ?? 'en';
  return (
    own[lang as keyof typeof own] ??
    defaults[lang] ??
    own.en ??
    Object.values(own).find(Boolean) ??
    defaults.en ??
    ''
  );
}

/**
 * Fills the placeholders. Never throws: a value that is missing, or a placeholder that is not
 * known (a template stored before a name was retired), becomes an empty string.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return fillPlaceholders(template, values, KNOWN)
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Replaces each `{{name}}` that `known` holds by its value (empty when it has none), the rest by nothing. */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, string | number | undefined>>,
  known: ReadonlySet<string>,
): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = known.has(name) ? values[name] : undefined;
    return value === undefined || value === null ? '' : String(value);
  });
}

/**
 * What a customer who asked for a call back is told, on any channel: when to expect it, from
 * their item's estimated wait, in the queue's words.
 */
export function callbackNotice(
  set: QueueTemplates | undefined,
  estimatedWaitSeconds: number | undefined,
  language?: string,
): string {
  const kind = estimatedWaitSeconds === undefined ? 'callbackSoon' : 'callback';
  return renderTemplate(pickTemplate(set, kind, language), {
    estimatedWaitMinutes:
      estimatedWaitSeconds === undefined ? undefined : Math.max(1, Math.ceil(estimatedWaitSeconds / 60)),
  });
}

/** The first word of a customer's name, for a greeting; empty when the name is unknown. */
export function firstName(name: string | undefined): string {
  return name?.trim().split(/\s+/)[0] ?? '';
}

/** A question's text in the customer's language, else English, else its first. */
export function questionText(question: SurveyQuestion, language?: string): string {
  const texts = question.text as Record<string, string | undefined>;
  return texts[language ?? 'en'] ?? texts.en ?? Object.values(texts).find(Boolean) ?? question.id;
}
