// Generated from docs/openapi.json by `npm run openapi`: do not edit.

export interface paths {
  '/chat/sessions': {
    post: operations['postChatSessions'];
  };
  '/chat/sessions/{sessionId}/messages': {
    get: operations['getChatSessionsSessionIdMessages'];
    post: operations['postChatSessionsSessionIdMessages'];
  };
  '/chat/sessions/{sessionId}/queue': {
    get: operations['getChatSessionsSessionIdQueue'];
  };
  '/chat/sessions/{sessionId}/callback': {
    post: operations['postChatSessionsSessionIdCallback'];
  };
  '/chat/sessions/{sessionId}/end': {
    post: operations['postChatSessionsSessionIdEnd'];
  };
  '/chat/sessions/{sessionId}/calls': {
    post: operations['postChatSessionsSessionIdCalls'];
  };
  '/chat/sessions/{sessionId}/email-verification': {
    post: operations['postChatSessionsSessionIdEmailVerification'];
  };
  '/chat/sessions/{sessionId}/email-verification/confirm': {
    post: operations['postChatSessionsSessionIdEmailVerificationConfirm'];
  };
  '/chat/sessions/{sessionId}/deflection': {
    post: operations['postChatSessionsSessionIdDeflection'];
  };
  '/chat/sessions/{sessionId}/typing': {
    post: operations['postChatSessionsSessionIdTyping'];
  };
  '/conversations/{conversationId}/typing': {
    get: operations['getConversationsConversationIdTyping'];
    post: operations['postConversationsConversationIdTyping'];
  };
  '/kb/search': {
    get: operations['getKbSearch'];
  };
  '/kb/published/{articleId}': {
    get: operations['getKbPublishedArticleId'];
  };
  '/kb/articles': {
    get: operations['getKbArticles'];
  };
  '/kb/articles/{articleId}': {
    get: operations['getKbArticlesArticleId'];
    put: operations['putKbArticlesArticleId'];
    delete: operations['deleteKbArticlesArticleId'];
  };
  '/kb/articles/{articleId}/versions': {
    get: operations['getKbArticlesArticleIdVersions'];
  };
  '/kb/preview': {
    post: operations['postKbPreview'];
  };
  '/kb/articles/{articleId}/publish': {
    post: operations['postKbArticlesArticleIdPublish'];
  };
  '/work-items/{workItemId}/articles': {
    get: operations['getWorkItemsWorkItemIdArticles'];
    post: operations['postWorkItemsWorkItemIdArticles'];
  };
  '/customers': {
    get: operations['getCustomers'];
  };
  '/customers/search': {
    get: operations['getCustomersSearch'];
  };
  '/customers/{customerId}': {
    get: operations['getCustomersCustomerId'];
    delete: operations['deleteCustomersCustomerId'];
  };
  '/customers/{customerId}/timeline': {
    get: operations['getCustomersCustomerIdTimeline'];
  };
  '/customers/{customerId}/merge': {
    post: operations['postCustomersCustomerIdMerge'];
  };
  '/customers/{customerId}/unmerge': {
    post: operations['postCustomersCustomerIdUnmerge'];
  };
  '/customers/{customerId}/export': {
    get: operations['getCustomersCustomerIdExport'];
  };
  '/customers/{customerId}/exports': {
    post: operations['postCustomersCustomerIdExports'];
  };
  '/customers/{customerId}/exports/{jobId}': {
    get: operations['getCustomersCustomerIdExportsJobId'];
  };
  '/customers/{customerId}/exports/{jobId}/archive': {
    get: operations['getCustomersCustomerIdExportsJobIdArchive'];
  };
  '/health': {
    get: operations['getHealth'];
  };
  '/openapi.json': {
    get: operations['getOpenapiJson'];
  };
  '/webhooks/meta': {
    get: operations['getWebhooksMeta'];
    post: operations['postWebhooksMeta'];
  };
  '/webhooks/x': {
    get: operations['getWebhooksX'];
    post: operations['postWebhooksX'];
  };
  '/webhooks/twilio/sms': {
    post: operations['postWebhooksTwilioSms'];
  };
  '/conversations/{conversationId}/replies': {
    post: operations['postConversationsConversationIdReplies'];
  };
  '/conversations/{conversationId}/translations': {
    get: operations['getConversationsConversationIdTranslations'];
  };
  '/conversations/{conversationId}/translation': {
    put: operations['putConversationsConversationIdTranslation'];
  };
  '/whatsapp/templates': {
    get: operations['getWhatsappTemplates'];
  };
  '/agents': {
    get: operations['getAgents'];
  };
  '/agents/{agentId}': {
    get: operations['getAgentsAgentId'];
    put: operations['putAgentsAgentId'];
  };
  '/agents/{agentId}/status': {
    put: operations['putAgentsAgentIdStatus'];
  };
  '/agents/{agentId}/offers': {
    get: operations['getAgentsAgentIdOffers'];
  };
  '/agents/{agentId}/work-items': {
    get: operations['getAgentsAgentIdWorkItems'];
  };
  '/offers/{offerId}/accept': {
    post: operations['postOffersOfferIdAccept'];
  };
  '/offers/{offerId}/decline': {
    post: operations['postOffersOfferIdDecline'];
  };
  '/work-items/{workItemId}': {
    get: operations['getWorkItemsWorkItemId'];
  };
  '/work-items/{workItemId}/complete': {
    post: operations['postWorkItemsWorkItemIdComplete'];
  };
  '/work-items/{workItemId}/transfer': {
    post: operations['postWorkItemsWorkItemIdTransfer'];
  };
  '/work-items/{workItemId}/reassign': {
    post: operations['postWorkItemsWorkItemIdReassign'];
  };
  '/queues/{queueId}': {
    put: operations['putQueuesQueueId'];
  };
  '/queues': {
    get: operations['getQueues'];
  };
  '/queues/{queueId}/waiting': {
    get: operations['getQueuesQueueIdWaiting'];
  };
  '/reports/queues': {
    get: operations['getReportsQueues'];
  };
  '/canned-responses': {
    get: operations['getCannedResponses'];
  };
  '/canned-responses/{responseId}': {
    get: operations['getCannedResponsesResponseId'];
    put: operations['putCannedResponsesResponseId'];
    delete: operations['deleteCannedResponsesResponseId'];
  };
  '/queues/{queueId}/templates': {
    get: operations['getQueuesQueueIdTemplates'];
    put: operations['putQueuesQueueIdTemplates'];
  };
  '/surveys/{token}': {
    get: operations['getSurveysToken'];
    post: operations['postSurveysToken'];
  };
  '/chat/sessions/{sessionId}/survey': {
    post: operations['postChatSessionsSessionIdSurvey'];
  };
  '/chat/sessions/{sessionId}/transcript': {
    post: operations['postChatSessionsSessionIdTranscript'];
  };
  '/conversations/{conversationId}/callback': {
    post: operations['postConversationsConversationIdCallback'];
  };
  '/events': {
    post: operations['postEvents'];
  };
  '/events/iam': {
    post: operations['postEventsIam'];
  };
  '/events/keys': {
    get: operations['getEventsKeys'];
    post: operations['postEventsKeys'];
  };
  '/events/keys/{keyId}': {
    delete: operations['deleteEventsKeysKeyId'];
  };
  '/customers/{customerId}/store-visits': {
    post: operations['postCustomersCustomerIdStoreVisits'];
  };
  '/audit': {
    get: operations['getAudit'];
  };
}

export interface operations {
  /** Open a chat session */
  postChatSessions: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          email?: string;
          phone?: string;
          topic?: string;
          identityToken?: string;
        };
      };
    };
    responses: {
      201: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ChatSessionOpened']; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The session's thread */
  getChatSessionsSessionIdMessages: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          sessionId: string;
          messages: components['schemas']['ChatThreadMessage'][];
          agentTypingUntil?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Send the visitor's message */
  postChatSessionsSessionIdMessages: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          text: string;
          clientMessageId: string;
          deflection?: 'offered';
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          accepted: true;
          clientMessageId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The visitor's place in line */
  getChatSessionsSessionIdQueue: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ChatQueueStatus']; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Ask for a call back instead of waiting */
  postChatSessionsSessionIdCallback: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          phone?: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItemId: string;
          phone: string;
          estimatedWaitSeconds: number | null;
          message: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Leave the chat (End chat, or the page-hide beacon) */
  postChatSessionsSessionIdEnd: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          token?: string;
          leaving?: boolean;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          abandoned: boolean;
          leaving: boolean;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Start a web or in-app call through Amazon Connect */
  postChatSessionsSessionIdCalls: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          video?: boolean;
          displayName?: string;
          requestId?: string;
        };
      };
    };
    responses: {
      201: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          webCallId: string;
          contactId: string;
          participantId: string;
          participantToken: string;
          connectionData: unknown;
          media: 'audio' | 'video';
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Send a code to an email the visitor gives */
  postChatSessionsSessionIdEmailVerification: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          email: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          sent: true;
          expiresInSeconds: number;
          attempts: number;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Prove the email by typing back its code */
  postChatSessionsSessionIdEmailVerificationConfirm: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          code: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          verified: true;
          customerId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Answer the articles offered before queueing */
  postChatSessionsSessionIdDeflection: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          clientMessageId: string;
          outcome: 'answered' | 'person';
          articleId?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          clientMessageId: string;
          outcome: 'answered' | 'person';
          articleId?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The visitor is typing */
  postChatSessionsSessionIdTyping: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          accepted: true;
          typingUntil?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Until when the chat visitor is typing */
  getConversationsConversationIdTyping: {
    parameters: { query?: never; header?: never; path: {
        conversationId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          conversationId: string;
          customerTypingUntil?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The agent is typing */
  postConversationsConversationIdTyping: {
    parameters: { query?: never; header?: never; path: {
        conversationId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          accepted: true;
          typingUntil?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Search published articles */
  getKbSearch: {
    parameters: { query: {
        q: string;
        lang?: string;
        queue?: string;
        limit?: number;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          results: components['schemas']['ArticleHit'][];
          indexVersion: number;
        };
      }; };
      400: components['responses']['BadRequest'];
      503: components['responses']['Unavailable'];
    };
  };
  /** A published article as customers read it */
  getKbPublishedArticleId: {
    parameters: { query?: never; header?: never; path: {
        articleId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          articleId: string;
          title: string;
          language: string;
          version: number;
          html: string;
          url?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Every article, whatever its status */
  getKbArticles: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          articles: components['schemas']['ArticleListing'][];
        };
      }; };
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  /** An article and its latest version (or the one asked for) */
  getKbArticlesArticleId: {
    parameters: { query?: {
        version?: number;
      }; header?: never; path: {
        articleId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ArticleDetail']; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Save a new version (supervisors) */
  putKbArticlesArticleId: {
    parameters: { query?: never; header?: never; path: {
        articleId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          title: string;
          body: string;
          language?: string;
          tags?: string[];
          queues?: string[];
          baseVersion?: number;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          article: components['schemas']['ArticleListing'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Retire an article (supervisors) */
  deleteKbArticlesArticleId: {
    parameters: { query?: never; header?: never; path: {
        articleId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          article: components['schemas']['ArticleListing'];
          index: {
            version: number;
            ref: string;
            builtAt: string;
            articles: number;
            bytes: number;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      503: components['responses']['Unavailable'];
    };
  };
  /** An article's versions */
  getKbArticlesArticleIdVersions: {
    parameters: { query?: never; header?: never; path: {
        articleId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          versions: components['schemas']['ArticleVersionMeta'][];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Render a Markdown body as customers would see it (supervisors) */
  postKbPreview: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          body: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          html: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Publish a version (the latest by default) (supervisors) */
  postKbArticlesArticleIdPublish: {
    parameters: { query?: never; header?: never; path: {
        articleId: string;
      }; cookie?: never; };
    requestBody?: {
      content: {
        'application/json': {
          version?: number;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          article: components['schemas']['ArticleListing'];
          index: {
            version: number;
            ref: string;
            builtAt: string;
            articles: number;
            bytes: number;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Articles used on a work item */
  getWorkItemsWorkItemIdArticles: {
    parameters: { query?: never; header?: never; path: {
        workItemId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          articles: components['schemas']['ArticleUse'][];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Record that an article was used on a work item */
  postWorkItemsWorkItemIdArticles: {
    parameters: { query?: never; header?: never; path: {
        workItemId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          articleId: string;
          how: 'link' | 'text';
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          use: components['schemas']['ArticleUse'];
        };
      }; };
      201: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          use: components['schemas']['ArticleUse'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The customer with an identity */
  getCustomers: {
    parameters: { query: {
        identity: string;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          customer: components['schemas']['Customer'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Customers whose name or an identity starts with `q` */
  getCustomersSearch: {
    parameters: { query: {
        q: string;
        limit?: number;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          customers: components['schemas']['CustomerMatch'][];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  /** A customer */
  getCustomersCustomerId: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          customer: components['schemas']['Customer'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Erase a customer (supervisors); `reason` in the body or the query */
  deleteCustomersCustomerId: {
    parameters: { query?: {
        reason?: string;
      }; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody?: {
      content: {
        'application/json': {
          reason?: unknown;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          erasure: components['schemas']['Erasure'];
        };
      }; };
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          erasure: components['schemas']['Erasure'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Everything the customer said and was told, on every channel, newest first */
  getCustomersCustomerIdTimeline: {
    parameters: { query?: {
        limit?: number;
        cursor?: string;
        channel?: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      }; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          customerId: string;
          items: components['schemas']['TimelineEntry'][];
          nextCursor: string | null;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Absorb another customer into this one */
  postCustomersCustomerIdMerge: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          customerId: string;
          reason?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          merged: boolean;
          customer: components['schemas']['Customer'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Split an absorbed customer off again (supervisors) */
  postCustomersCustomerIdUnmerge: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          customerId: string;
          reason?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          unmerged: boolean;
          moved: number;
          customer: components['schemas']['Customer'] | null;
          restored: components['schemas']['Customer'] | null;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Everything held about the customer, as one ZIP (supervisors) */
  getCustomersCustomerIdExport: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/zip': string; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Build the export of a record of any size in the background (supervisors) */
  postCustomersCustomerIdExports: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          export: components['schemas']['ExportJob'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** An export job (supervisors) */
  getCustomersCustomerIdExportsJobId: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
        jobId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          export: components['schemas']['ExportJob'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** An export job's archive (supervisors) */
  getCustomersCustomerIdExportsJobIdArchive: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
        jobId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/zip': string; }; };
      303: { headers: { [name: string]: unknown }; content?: never; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      410: components['responses']['Gone'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Readiness of the data path */
  getHealth: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          status: 'ok' | 'unavailable';
          dependencies: {
            [key: string]: 'ok' | 'unavailable';
          };
        };
      }; };
      503: components['responses']['Unavailable'];
    };
  };
  /** This document */
  getOpenapiJson: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          openapi: string;
          [key: string]: unknown;
        };
      }; };
      503: components['responses']['Unavailable'];
    };
  };
  /** Meta's subscription handshake */
  getWebhooksMeta: {
    parameters: { query: {
        'hub.mode': 'subscribe';
        'hub.verify_token': string;
        'hub.challenge': string;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'text/plain': string; }; };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Messenger, Instagram and WhatsApp deliveries */
  postWebhooksMeta: {
    parameters: { query?: never; header: {
        /** The provider's signature of the request */
        'x-hub-signature-256': string;
      }; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          object: string;
          entry: {
            id?: string;
            messaging?: unknown[];
            changes?: unknown[];
          }[];
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          received: number;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** X's Challenge-Response Check */
  getWebhooksX: {
    parameters: { query: {
        crc_token: string;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          response_token: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      503: components['responses']['Unavailable'];
    };
  };
  /** X direct-message events */
  postWebhooksX: {
    parameters: { query?: never; header: {
        /** The provider's signature of the request */
        'x-twitter-webhooks-signature': string;
      }; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          for_user_id: string;
          direct_message_events?: unknown[];
          users?: {
            [key: string]: {
              name?: string;
            };
          };
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          received: number;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Twilio SMS, MMS and WhatsApp messages and status callbacks */
  postWebhooksTwilioSms: {
    parameters: { query?: never; header: {
        /** The provider's signature of the request */
        'x-twilio-signature': string;
      }; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': {
          MessageSid: string;
          AccountSid?: string;
          From: string;
          To: string;
          Body?: string;
          NumMedia?: number;
          ProfileName?: string;
          ButtonText?: string;
          Latitude?: number;
          Longitude?: number;
          Address?: string;
          Label?: string;
          MessageStatus?: string;
          ErrorCode?: string;
          ErrorMessage?: string;
          [key: string]: unknown;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'text/xml': string; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Reply on the conversation's channel */
  postConversationsConversationIdReplies: {
    parameters: { query?: never; header?: never; path: {
        conversationId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          channel: 'chat';
          text: string;
          replyId?: string;
        } | {
          channel: 'email';
          text: string;
          html?: string;
        } | {
          channel: 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'sms';
          text?: string;
          template?: {
            name: string;
            language: string;
            parameters?: string[];
          };
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ReplyAccepted']; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The customer's latest messages in the calling agent's language */
  getConversationsConversationIdTranslations: {
    parameters: { query?: never; header?: never; path: {
        conversationId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ConversationTranslations']; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Turn live translation off (or on again) for the conversation */
  putConversationsConversationIdTranslation: {
    parameters: { query?: never; header?: never; path: {
        conversationId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          enabled: boolean;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          enabled: boolean;
          conversationId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The approved WhatsApp templates agents may send */
  getWhatsappTemplates: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          templates: {
            name: string;
            language: string;
            body: string;
            description?: string;
          }[];
        };
      }; };
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Every agent of the floor with status and load (supervisors) */
  getAgents: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          agents: components['schemas']['Agent'][];
        };
      }; };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      503: components['responses']['Unavailable'];
    };
  };
  /** An agent, their satisfaction figure today, and the away reasons of the floor */
  getAgentsAgentId: {
    parameters: { query?: never; header?: never; path: {
        agentId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          agent: components['schemas']['Agent'];
          csatToday: components['schemas']['CsatFigure'];
          awayReasons: string[];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Create or change an agent (supervisors) */
  putAgentsAgentId: {
    parameters: { query?: never; header?: never; path: {
        agentId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          skills?: {
            [key: string]: number;
          };
          capacity: { [K in 'voice' | 'chat' | 'email' | 'sms' | 'social']?: number };
          status?: 'available' | 'away' | 'offline';
          connectAgentId?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          agent: components['schemas']['Agent'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Set an agent's status */
  putAgentsAgentIdStatus: {
    parameters: { query?: never; header?: never; path: {
        agentId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          status: 'available' | 'away' | 'offline';
          reason?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          status: 'available' | 'away' | 'offline';
          reason?: string;
          agentId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The agent's pending offers, oldest first */
  getAgentsAgentIdOffers: {
    parameters: { query?: never; header?: never; path: {
        agentId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Offer'][]; }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The agent's work in hand, longest wait first */
  getAgentsAgentIdWorkItems: {
    parameters: { query?: never; header?: never; path: {
        agentId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItems: components['schemas']['AgentWorkItem'][];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Accept an offer */
  postOffersOfferIdAccept: {
    parameters: { query?: never; header?: never; path: {
        offerId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          offerId: string;
          accepted: true;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Decline an offer */
  postOffersOfferIdDecline: {
    parameters: { query?: never; header?: never; path: {
        offerId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          offerId: string;
          accepted: false;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      503: components['responses']['Unavailable'];
    };
  };
  /** A work item and its routing log */
  getWorkItemsWorkItemId: {
    parameters: { query?: never; header?: never; path: {
        workItemId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItem: components['schemas']['WorkItem'];
          routingLog: {
            [key: string]: unknown;
          }[];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Complete an item, with its wrap-up */
  postWorkItemsWorkItemIdComplete: {
    parameters: { query?: never; header?: never; path: {
        workItemId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          wrapUpNote?: string;
          disposition?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItemId: string;
          state: 'wrapped';
          wrapUpNote?: string;
          disposition?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Pass an item on to a queue or a named agent, with a note for the next agent */
  postWorkItemsWorkItemIdTransfer: {
    parameters: { query?: never; header?: never; path: {
        workItemId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          note?: string;
          queueId: string;
        } | {
          note?: string;
          agentId: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItemId: string;
          to: {
            queueId: string;
          } | {
            agentId: string;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Move any open item to a queue or a named agent (supervisors) */
  postWorkItemsWorkItemIdReassign: {
    parameters: { query?: never; header?: never; path: {
        workItemId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          note?: string;
          queueId: string;
        } | {
          note?: string;
          agentId: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItemId: string;
          to: {
            queueId: string;
          } | {
            agentId: string;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Create or change a queue (supervisors); `queueId` comes from the path */
  putQueuesQueueId: {
    parameters: { query?: never; header?: never; path: {
        queueId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          queueId?: string;
          [key: string]: unknown;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          queue: {
            queueId: string;
            name: string;
            steps: {
              skills: {
                [key: string]: number;
              };
              seconds?: number;
              language?: number;
            }[];
            overflowQueueId?: string;
            serviceLevel: {
              seconds: number;
              target: number;
            };
            channelServiceLevels: { [K in 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store']?: {
              seconds: number;
              target: number;
            } };
            offerSeconds?: number;
            delivery: {
              mode: 'native';
            } | {
              mode: 'connect';
              connectQueueId: string;
              contactFlowId?: string;
            };
            hours?: {
              timeZone: string;
              weekly: {
                day: 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
                open: string;
                close: string;
              }[];
              holidays: {
                date: string;
                name?: string;
              }[];
            };
            closedOverflowQueueId?: string;
            inactivitySeconds?: number;
            afterContactWorkSeconds?: number;
            dispositions?: {
              code: string;
              label: string;
            }[];
            dispositionRequired?: boolean;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Every queue with what it holds now and its figures today */
  getQueues: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          queues: components['schemas']['QueueStats'][];
        };
      }; };
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  /** What a queue holds that no agent has taken yet, in service order (supervisors) */
  getQueuesQueueIdWaiting: {
    parameters: { query?: {
        limit?: number;
        cursor?: string;
      }; header?: never; path: {
        queueId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          queueId: string;
          items: components['schemas']['WaitingItem'][];
          cursor?: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Queues' and agents' figures per interval over a past range */
  getReportsQueues: {
    parameters: { query: {
        from: string;
        to: string;
        interval: '15m' | '1h' | '1d';
        queueId?: string;
        channel?: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          from: string;
          to: string;
          interval: '15m' | '1h' | '1d';
          queues: {
            start: string;
            queueId: string;
            channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
            offered: number;
            answered: number;
            abandoned: number;
            answeredWithinTarget: number;
            serviceLevel: number | null;
            handleSeconds: number;
            averageHandleSeconds: number | null;
            answerWaitSeconds: number;
            averageSpeedOfAnswerSeconds: number | null;
          }[];
          agents: {
            start: string;
            agentId: string;
            secondsByStatus: { [K in 'available' | 'busy' | 'away' | 'offline']?: number };
            occupancy: number | null;
          }[];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Canned responses for the work in hand, best first */
  getCannedResponses: {
    parameters: { query?: {
        q?: string;
        queueId?: string;
        lang?: string;
        workItemId?: string;
        limit?: number;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          responses: components['schemas']['CannedResponse'][];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  /** A canned response */
  getCannedResponsesResponseId: {
    parameters: { query?: never; header?: never; path: {
        responseId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          response: {
            title: string;
            text: string;
            language?: string;
            queues: string[];
            shortcut?: string;
            responseId: string;
            updatedAt: string;
            updatedBy: string;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Save a canned response (supervisors) */
  putCannedResponsesResponseId: {
    parameters: { query?: never; header?: never; path: {
        responseId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          title: string;
          text: string;
          language?: string;
          queues?: string[];
          shortcut?: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          response: {
            title: string;
            text: string;
            language?: string;
            queues: string[];
            shortcut?: string;
            responseId: string;
            updatedAt: string;
            updatedBy: string;
          };
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Delete a canned response (supervisors) */
  deleteCannedResponsesResponseId: {
    parameters: { query?: never; header?: never; path: {
        responseId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          responseId: string;
          deleted: true;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** A queue's own words for customers, and its survey questions */
  getQueuesQueueIdTemplates: {
    parameters: { query?: never; header?: never; path: {
        queueId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          queueId: string;
          templates: { [K in 'queued' | 'queuedAgain' | 'closed' | 'callback' | 'callbackSoon' | 'callbackOffer' | 'survey' | 'surveyChat' | 'surveyEmail' | 'surveyThanks' | 'transcript']?: {
            [key: string]: string;
          } };
          surveyQuestions: {
            id: string;
            text: {
              [key: string]: string;
            };
            type: 'yesNo' | 'text';
          }[];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** A queue's own words for customers, and its survey questions (supervisors) */
  putQueuesQueueIdTemplates: {
    parameters: { query?: never; header?: never; path: {
        queueId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          templates?: { [K in 'queued' | 'queuedAgain' | 'closed' | 'callback' | 'callbackSoon' | 'callbackOffer' | 'survey' | 'surveyChat' | 'surveyEmail' | 'surveyThanks' | 'transcript']?: {
            [key: string]: string;
          } };
          surveyQuestions?: {
            id: string;
            text: {
              [key: string]: string;
            };
            type?: 'yesNo' | 'text';
          }[];
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          queueId: string;
          templates: { [K in 'queued' | 'queuedAgain' | 'closed' | 'callback' | 'callbackSoon' | 'callbackOffer' | 'survey' | 'surveyChat' | 'surveyEmail' | 'surveyThanks' | 'transcript']?: {
            [key: string]: string;
          } };
          surveyQuestions: {
            id: string;
            text: {
              [key: string]: string;
            };
            type: 'yesNo' | 'text';
          }[];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The emailed survey link: its page */
  getSurveysToken: {
    parameters: { query?: never; header?: never; path: {
        token: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'text/html': string; }; };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      410: components['responses']['Gone'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The survey page answered */
  postSurveysToken: {
    parameters: { query?: never; header?: never; path: {
        token: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': {
          rating: string;
          comment?: string;
          [key: string]: unknown;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'text/html': string; }; };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      410: components['responses']['Gone'];
      413: components['responses']['PayloadTooLarge'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Answer the chat's satisfaction survey card */
  postChatSessionsSessionIdSurvey: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          rating: number;
          comment?: string;
          answers?: {
            [key: string]: string;
          };
          workItemId: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          workItemId: string;
          kept: 'this' | 'earlier';
          message: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Email the chat's transcript to the visitor */
  postChatSessionsSessionIdTranscript: {
    parameters: { query?: never; header?: never; path: {
        sessionId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          email: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          accepted: true;
          sessionId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Ask Amazon Connect to call the customer back */
  postConversationsConversationIdCallback: {
    parameters: { query?: never; header?: never; path: {
        conversationId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          phone?: string;
          requestId?: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          conversationId: string;
          phone: string;
          clientToken: string;
          notifiedOn: ('chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store') | null;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Post a business event with an API key */
  postEvents: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          type: string;
          occurredAt: string;
          identity: string;
          summary: string;
          attributes?: {
            [key: string]: string | number | boolean;
          };
          eventId: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          duplicate: boolean;
          eventId: string;
          interactionId: string;
        };
      }; };
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          duplicate: boolean;
          eventId: string;
          interactionId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Post a business event as an AWS principal */
  postEventsIam: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          type: string;
          occurredAt: string;
          identity: string;
          summary: string;
          attributes?: {
            [key: string]: string | number | boolean;
          };
          eventId: string;
        };
      };
    };
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          duplicate: boolean;
          eventId: string;
          interactionId: string;
        };
      }; };
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          duplicate: boolean;
          eventId: string;
          interactionId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Events API keys (supervisors) */
  getEventsKeys: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          apiKeys: components['schemas']['ApiKey'][];
        };
      }; };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Issue an events API key (supervisors) */
  postEventsKeys: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          eventTypes: string[];
        };
      };
    };
    responses: {
      201: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          apiKey: components['schemas']['ApiKey'];
          secret: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Revoke an events API key (supervisors) */
  deleteEventsKeysKeyId: {
    parameters: { query?: never; header?: never; path: {
        keyId: string;
      }; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          apiKey: components['schemas']['ApiKey'];
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  /** Log a visit in store onto the timeline */
  postCustomersCustomerIdStoreVisits: {
    parameters: { query?: never; header?: never; path: {
        customerId: string;
      }; cookie?: never; };
    requestBody: {
      content: {
        'application/json': {
          summary: string;
          storeId?: string;
          occurredAt?: string;
        };
      };
    };
    responses: {
      202: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          customerId: string;
          interactionId: string;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      503: components['responses']['Unavailable'];
    };
  };
  /** The access audit: a customer's entries or an agent's, newest first (supervisors) */
  getAudit: {
    parameters: { query?: {
        customerId?: string;
        agentId?: string;
        from?: string;
        to?: string;
        cursor?: string;
        limit?: number;
      }; header?: never; path?: never; cookie?: never; };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: {
        'application/json': {
          entries: {
            id: string;
            at: string;
            actor: {
              agentId?: string;
              principal?: string;
              role: 'agent' | 'supervisor' | 'unknown';
            };
            action: 'customer.read' | 'customer.exported' | 'customer.erasure-requested' | 'customer.merged' | 'customer.unmerged' | 'config.changed' | 'agent.signed-in';
            customerId?: string;
            relatedCustomerId?: string;
            resource?: {
              type: 'canned-response' | 'article' | 'queue' | 'queue-templates' | 'agent' | 'api-key';
              id?: string;
            };
            from: {
              sourceIp?: string;
              userAgent?: string;
            };
            requestId: string;
          }[];
          nextCursor: string | null;
        };
      }; };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      503: components['responses']['Unavailable'];
    };
  };
}

export interface components {
  schemas: {
    ChatSessionOpened: {
      sessionId: string;
      token: string;
      customerId: string;
    };
    ChatThreadMessage: {
      messageId: string;
      direction: 'inbound' | 'outbound' | 'internal';
      text: string;
      at: string;
      clientMessageId?: string;
      survey?: {
        workItemId: string;
        questions: {
          id: string;
          text: string;
          type: 'yesNo' | 'text';
        }[];
      };
    };
    ChatQueueStatus: {
      queueId: string | null;
      state: 'waiting' | 'offered' | 'assigned' | 'closed';
      position: number | null;
      estimatedWaitSeconds: number | null;
      open: boolean;
      nextOpening?: string;
    };
    ArticleHit: {
      articleId: string;
      title: string;
      snippet: string;
      language: string;
      version: number;
      score: number;
      url?: string;
    };
    ArticleListing: {
      articleId: string;
      status: 'draft' | 'published' | 'retired';
      latest: components['schemas']['ArticleVersionMeta'];
      published?: {
        articleId: string;
        version: number;
        title: string;
        language: string;
        tags: string[];
        queues: string[];
        savedAt: string;
        savedBy: string;
        snippet: string;
      };
      publishedAt?: string;
      createdAt: string;
      updatedAt: string;
    };
    ArticleVersionMeta: {
      articleId: string;
      version: number;
      title: string;
      language: string;
      tags: string[];
      queues: string[];
      savedAt: string;
      savedBy: string;
    };
    ArticleDetail: {
      articleId: string;
      status: 'draft' | 'published' | 'retired';
      latest: components['schemas']['ArticleVersionMeta'];
      published?: {
        articleId: string;
        version: number;
        title: string;
        language: string;
        tags: string[];
        queues: string[];
        savedAt: string;
        savedBy: string;
        snippet: string;
      };
      publishedAt?: string;
      createdAt: string;
      updatedAt: string;
      version: {
        articleId: string;
        version: number;
        title: string;
        language: string;
        tags: string[];
        queues: string[];
        savedAt: string;
        savedBy: string;
        body: string;
        html: string;
      };
      url?: string;
    };
    ArticleUse: {
      articleId: string;
      how: 'link' | 'text';
      workItemId: string;
      version: number;
      by: string;
    };
    Customer: {
      customerId: string;
      name?: string;
      identities: string[];
      evidence: {
        [key: string]: string;
      };
      claims: {
        identity: string;
        evidence: string;
        at: string;
      }[];
      createdAt: string;
      updatedAt: string;
      mergedInto?: string;
      mergedFrom: string[];
      mergeEntryId?: string;
      splitFrom?: string[];
      splitVersion: number;
      lastConversationId?: string;
      preferredLanguage?: string;
      latestConversation: {
        conversationId: string;
        customerId: string;
        startedAt: string;
        lastActivityAt: string;
        channels: ('chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store')[];
        openWorkItemId?: string;
        language?: string;
        translationOff?: boolean;
        status: 'open' | 'closed';
      } | null;
    };
    CustomerMatch: {
      customerId: string;
      name?: string;
      identities: string[];
      lastConversationId?: string;
    };
    Erasure: {
      customerId: string;
      requestedFor: string;
      erasedBy: string;
      reason: string;
      requestedAt: string;
      phase: 'identities' | 'timeline' | 'conversations' | 'sessions' | 'customers' | 'done';
      customerIds: string[];
      counts: {
        customers: number;
        identities: number;
        interactions: number;
        conversations: number;
        workItems: number;
        chatSessions: number;
        files: number;
      };
      completedAt?: string;
    };
    TimelineEntry: {
      interactionId: string;
      customerId: string;
      conversationId?: string;
      channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      direction: 'inbound' | 'outbound' | 'internal';
      kind: 'message' | 'merge' | 'unmerge' | 'reaction' | 'event';
      at: string;
      providerMessageId: string;
      identity?: string;
      text?: string;
      subject?: string;
      threadKey?: string;
      attachments: {
        ref: string;
        name?: string;
        contentType?: string;
        size?: number;
        kind?: string;
      }[];
      merge?: {
        identity?: string;
        absorbedCustomerId: string;
        survivingCustomerId: string;
        interactionId?: string;
        agentId?: string;
        reason?: string;
        identityEvidence?: string;
      };
      mirrorOf?: string;
      location?: {
        latitude: number;
        longitude: number;
        name?: string;
        address?: string;
      };
      reaction?: {
        action: 'react' | 'unreact';
        emoji?: string;
        targetProviderMessageId: string;
      };
      endpoint?: {
        provider: 'meta' | 'x' | 'twilio';
        business: string;
        customer: string;
      };
      sentBy?: string;
      deliveryStatus?: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
      deliveryReason?: string;
      deliveryHistory?: {
        status: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
        at: string;
        code?: string;
        reason?: string;
      }[];
      flags?: ('quarantined' | 'auto-reply' | 'bounce' | 'deflection-offered' | 'malformed' | 'unknown-charset' | 'too-large' | 'attachment-too-large' | 'truncated' | 'automatic')[];
      email?: {
        messageId?: string;
        inReplyTo: string[];
        references: string[];
        from?: string;
        to: string[];
        cc: string[];
        replyTo: string[];
        recipients: string[];
        mailbox?: string;
        sentAt?: string;
        html?: string;
        fullText?: string;
        rawRef?: string;
        sesMessageId?: string;
        verdicts?: {
          spam?: string;
          virus?: string;
          spf?: string;
          dkim?: string;
          dmarc?: string;
          dmarcPolicy?: string;
        };
        problems: string[];
        inlineImages?: {
          [key: string]: string;
        };
        omittedAttachments: {
          name?: string;
          contentType?: string;
          size: number;
          reason: string;
        }[];
        firstResponse?: {
          workItemId: string;
          queueId: string;
          enqueuedAt: string;
          seconds: number;
          targetSeconds: number;
          met: boolean;
        };
      };
      call?: {
        contactId: string;
        initialContactId?: string;
        previousContactId?: string;
        instanceArn?: string;
        state: 'initiated' | 'in-flow' | 'queued' | 'connected' | 'ended' | 'completed';
        initiationMethod?: string;
        startedAt?: string;
        queueArn?: string;
        queueId?: string;
        queueName?: string;
        enqueuedAt?: string;
        agentArn?: string;
        agentId?: string;
        connectedToAgentAt?: string;
        endedAt?: string;
        durationSeconds?: number;
        waitSeconds?: number;
        disconnectReason?: string;
        customerNumber?: string;
        systemNumber?: string;
        media?: 'audio' | 'video';
        workItemId?: string;
        routingQueueId?: string;
        events: {
          eventId: string;
          type: 'INITIATED' | 'CONNECTED_TO_SYSTEM' | 'CONTACT_FLOW' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED' | 'COMPLETED';
          at: string;
          initialContactId?: string;
          previousContactId?: string;
          instanceArn?: string;
          initiationMethod?: string;
          initiatedAt?: string;
          queueArn?: string;
          queueName?: string;
          enqueuedAt?: string;
          agentArn?: string;
          connectedToAgentAt?: string;
          disconnectedAt?: string;
          disconnectReason?: string;
          customerNumber?: string;
          callerVerified?: boolean;
          systemNumber?: string;
          media?: 'audio' | 'video';
          conversationId?: string;
          workItemId?: string;
          routingQueueId?: string;
        }[];
      };
      business?: {
        type: string;
        summary: string;
        attributes: {
          [key: string]: string | number | boolean;
        };
        eventId?: string;
        source: string;
      };
      language?: {
        code: string;
        confidence: number;
        source: 'detected' | 'conversation' | 'customer' | 'queue';
      };
      translation?: {
        status: 'translated' | 'unavailable';
        original: string;
        from: string;
        to: string;
        note?: string;
      };
      survey?: {
        rating: number;
        comment?: string;
        answers: {
          [key: string]: string;
        };
        workItemId: string;
        queueId: string;
        agentId?: string;
        via: 'chat' | 'reply' | 'page';
        at: string;
      };
      surveyCard?: {
        workItemId: string;
        questions: {
          id: string;
          text: string;
          type: 'yesNo' | 'text';
        }[];
      };
      removed?: {
        reason: 'retention';
        at: string;
      };
      recordedAt: string;
    };
    ExportJob: {
      jobId: string;
      customerId: string;
      requestedBy: string;
      requestedAt: string;
      status: 'pending' | 'ready' | 'failed';
      completedAt?: string;
      size?: number;
      failure?: string;
    };
    ReplyAccepted: {
      accepted: true;
      channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      conversationId: string;
      interactionId: string;
      deliveryStatus: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
      providerMessageId?: string;
      translation?: {
        status: 'translated' | 'unavailable';
        original: string;
        from: string;
        to: string;
        note?: string;
      };
      [key: string]: unknown;
    };
    ConversationTranslations: {
      conversationId: string;
      customerLanguage: string | null;
      agentLanguage: string;
      enabled: boolean;
      available: boolean;
      needed: boolean;
      translating: boolean;
      translations: {
        interactionId: string;
        from: string;
        to: string;
        status: 'translated' | 'unavailable' | 'same-language';
        text?: string;
        note?: string;
      }[];
    };
    Agent: {
      agentId: string;
      name: string;
      skills: {
        [key: string]: number;
      };
      capacity: { [K in 'voice' | 'chat' | 'email' | 'sms' | 'social']?: number };
      status: 'available' | 'away' | 'offline';
      load: { [K in 'voice' | 'chat' | 'email' | 'sms' | 'social']?: number };
      lastIdleAt?: string;
      statusReason?: string;
      statusSince?: string;
      wrapUpUntil?: string;
      connectAgentId?: string;
    };
    CsatFigure: {
      count: number;
      mean: number | null;
    };
    Offer: {
      offerId: string;
      workItemId: string;
      agentId: string;
      customerId: string;
      conversationId: string;
      channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      queueId: string;
      offeredAt: string;
      expiresAt: string;
    };
    AgentWorkItem: {
      workItemId: string;
      conversationId: string;
      customerId: string;
      channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      queueId: string;
      state: 'offered' | 'assigned';
      enqueuedAt: string;
      offerId?: string;
      dispositions?: {
        code: string;
        label: string;
      }[];
      dispositionRequired?: true;
    };
    WorkItem: {
      workItemId: string;
      conversationId: string;
      customerId: string;
      channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      queueId: string;
      priority: number;
      state: 'queued' | 'offered' | 'assigned' | 'connect' | 'wrapped' | 'abandoned';
      enqueuedAt: string;
      routingStep: number;
      agentId?: string;
      createdFromInteractionId: string;
      language?: string;
      connectContactId?: string;
      wrapUp?: {
        note?: string;
        disposition?: string;
        by: string;
        at: string;
      };
      transferNotes?: {
        note: string;
        by: string;
        at: string;
        to: {
          queueId: string;
        } | {
          agentId: string;
        };
      }[];
      callInteractionIds?: string[];
      callback?: {
        phone: string;
        via: 'chat' | 'sms' | 'whatsapp' | 'voice';
        trust: 'verified' | 'claimed';
        requestedAt: string;
        clientToken: string;
      };
      queuedNotice?: {
        at: string;
        estimatedWaitSeconds: number;
      };
      queuedAgainNotice?: {
        at: string;
        estimatedWaitSeconds: number;
      };
      survey?: {
        rating: number;
        comment?: string;
        answers: {
          [key: string]: string;
        };
        workItemId: string;
        queueId: string;
        agentId?: string;
        via: 'chat' | 'reply' | 'page';
        at: string;
      };
      firstResponseAt?: string;
    };
    QueueStats: {
      queueId: string;
      name: string;
      waiting: number;
      offered: number;
      assigned: number;
      inConnect: number;
      oldestWaitSeconds: number;
      answeredToday: number;
      abandonedToday: number;
      serviceLevelToday: number | null;
      deflectedToday: number;
      escalatedToday: number;
      deflectionRateToday: number | null;
      articleUsesToday: number;
      csatToday: components['schemas']['CsatFigure'];
    };
    WaitingItem: {
      workItemId: string;
      conversationId: string;
      customerId: string;
      channel: 'chat' | 'email' | 'voice' | 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'store';
      language?: string;
      priority: number;
      routingStep: number;
      agentId?: string;
      enqueuedAt: string;
      state: 'queued' | 'offered';
      waitingSeconds: number;
    };
    CannedResponse: {
      title: string;
      text: string;
      language?: string;
      queues: string[];
      shortcut?: string;
      responseId: string;
      updatedAt: string;
      updatedBy: string;
      rendered?: string;
    };
    ApiKey: {
      keyId: string;
      name: string;
      eventTypes: string[];
      prefix: string;
      createdAt: string;
      createdBy: string;
      revokedAt?: string;
      revokedBy?: string;
    };
    /** A refusal: a code, a message, and what else helps */
    Error: {
      error: {
        code: string;
        message: string;
        field?: string;
        issues?: {
          field: string;
          message: string;
        }[];
        retryAfterSeconds?: number;
        [key: string]: unknown;
      };
    };
  };
  responses: {
    BadRequest: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    Unauthorized: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    PayloadTooLarge: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    UnsupportedMediaType: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    Unavailable: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    NotFound: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    Conflict: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    TooManyRequests: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    BadGateway: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    Forbidden: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    Gone: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
    Unprocessable: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error']; }; };
  };
}
