import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { translateHtml } from '#channels/email/translate-html.ts';
import { NotFoundError } from '#core/errors.ts';
import type { ReplyTranslation } from '#core/language.ts';
import type { Conversation } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import {
  agentLanguage,
  type LanguagePair,
  type TranslationSettings,
  type Translator,
  translateInbound,
  translateReply,
  translationPair,
} from '#core/translation.ts';
import type { AppDeps } from '#deps/app.ts';
import { requireCaller } from '#http/auth.ts';
import { parseJsonBody, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { AmazonTranslator } from '#shared/amazon-translate.ts';
import { emfMeter, type Meter } from '#shared/metrics.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { LanguageRepo } from '#store/language-repo.ts';
import { CachedTranslator } from '#store/translation-cache.ts';

/** How many of a conversation's latest entries the agent gets translated at once. */
const TRANSLATE_LIMIT = 50;

/** `PUT /conversations/{conversationId}/translation`: live translation off or on again. */
export const TranslationSwitchSchema = z.strictObject({ enabled: z.boolean() });

const OFF: TranslationSettings = { enabled: false, languages: [], agentLanguage: 'en' };

/** Live translation for the replies function: replies out, the customer's messages in, the switch. */
export class LiveTranslation {
  readonly settings: TranslationSettings;
  private readonly translator: Translator | undefined;
  private readonly agents: AgentsRepo;
  private readonly languages: LanguageRepo;

  constructor(
    private readonly deps: AppDeps,
    options: { translator?: Translator | undefined; meter?: Meter | undefined } = {},
  ) {
    const config = deps.config.language;
    this.settings = config?.translation ?? OFF;
    const service =
      options.translator ??
      (config && new AmazonTranslator({ region: config.region, endpoint: config.translation.endpoint }));
    this.translator =
      service && new CachedTranslator(service, deps.table, options.meter ?? emfMeter, deps.clock.now);
    this.agents = new AgentsRepo(deps.table);
    this.languages = new LanguageRepo(deps.table);
  }

  /** The pair an agent's words cross in this conversation, if they need translating at all. */
  async pairFor(conversation: Conversation, agentId: string): Promise<LanguagePair | undefined> {
    if (!this.translator || !this.settings.enabled) return undefined;
    const agent = await this.agents.get(agentId);
    return translationPair(this.settings, conversation, agent?.skills ?? {});
  }

  /**
   * An agent's reply as it goes out: in the customer's language when they need it. An email's
   * HTML part goes with its text, translated with it or, when translation fails, as written.
   */
  async reply(
    conversationId: string,
    agentId: string,
    text: string,
    html?: string | undefined,
  ): Promise<{ text: string; html?: string | undefined; translation?: ReplyTranslation | undefined }> {
    if (!text.trim()) return { text, html };
    const conversation = await this.deps.conversations.get(conversationId);
    const pair = conversation && (await this.pairFor(conversation, agentId));
    if (!pair || !this.translator) return { text, html };
    const markup = html === undefined ? undefined : { html, translate: translateHtml };
    return translateReply(text, pair, this.translator, markup);
  }

  /** `GET /conversations/{conversationId}/translations`: the customer's latest messages in the agent's language. */
  async inbound(event: APIGatewayProxyEventV2): Promise<HttpResult> {
    const caller = requireCaller(event);
    const conversation = await this.conversation(event);
    const agent = await this.agents.get(caller.agentId);
    const skills = agent?.skills ?? {};
    const language = agentLanguage(skills, this.settings.agentLanguage);
    // Whether the agent would need translation here at all, whatever the conversation's switch says.
    const pair = await this.pairFor({ ...conversation, translationOff: false }, caller.agentId);
    const enabled = this.settings.enabled && !conversation.translationOff;
    const base = {
      conversationId: conversation.conversationId,
      customerLanguage: conversation.language ?? null,
      agentLanguage: language,
      enabled,
      available: this.settings.enabled,
      needed: pair !== undefined,
    };
    if (!pair || !enabled || !this.translator) {
      return json(200, { ...base, translating: false, translations: [] });
    }
    const entries = await this.entries(conversation);
    const translations = await translateInbound(entries, pair.agent, this.translator);
    return json(200, { ...base, translating: true, translations });
  }

  /** `PUT /conversations/{conversationId}/translation`: an agent turns translation off or on here. */
  async toggle(event: APIGatewayProxyEventV2): Promise<HttpResult> {
    requireCaller(event);
    const conversationId = pathParameter(event, 'conversationId');
    const { enabled } = parseJsonBody(event, TranslationSwitchSchema);
    if (!(await this.languages.setTranslationOff(conversationId, !enabled))) {
      throw new NotFoundError('conversation', conversationId);
    }
    return json(200, { conversationId, enabled });
  }

  private async conversation(event: APIGatewayProxyEventV2): Promise<Conversation> {
    const conversationId = pathParameter(event, 'conversationId');
    const conversation = await this.deps.conversations.get(conversationId);
    if (!conversation) throw new NotFoundError('conversation', conversationId);
    return conversation;
  }

  private async entries(conversation: Conversation) {
    const customer = await this.deps.customers.get(conversation.customerId);
    if (!customer) throw new NotFoundError('customer', conversation.customerId);
    const { items } = await this.deps.timeline.query(timelineOwners(customer), { limit: 200 });
    return items
      .filter((item) => item.conversationId === conversation.conversationId)
      .slice(0, TRANSLATE_LIMIT);
  }
}
