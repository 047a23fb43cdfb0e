// Generated from docs/openapi.json by `npm run openapi`: do not edit.

export interface paths {
  '/chat/sessions': { post: operations['postChatSessions']; };
  '/chat/sessions/{sessionId}/messages': { get: operations['getChatSessionsSessionIdMessages']; post: operations['postChatSessionsSessionIdMessages']; };
  '/chat/sessions/{sessionId}/queue': { get: operations['getChatSessionsSessionIdQueue']; };
  '/chat/sessions/{sessionId}/callback': { post: operations['postChatSessionsSessionIdCallback']; };
  '/chat/sessions/{sessionId}/end': { post: operations['postChatSessionsSessionIdEnd']; };
  '/chat/sessions/{sessionId}/calls': { post: operations['postChatSessionsSessionIdCalls']; };
  '/chat/sessions/{sessionId}/email-verification': { post: operations['postChatSessionsSessionIdEmailVerification']; };
  '/chat/sessions/{sessionId}/email-verification/confirm': { post: operations['postChatSessionsSessionIdEmailVerificationConfirm']; };
  '/chat/sessions/{sessionId}/deflection': { post: operations['postChatSessionsSessionIdDeflection']; };
  '/chat/sessions/{sessionId}/typing': { post: operations['postChatSessionsSessionIdTyping']; };
  '/chat/sessions/{sessionId}/survey': { post: operations['postChatSessionsSessionIdSurvey']; };
  '/chat/sessions/{sessionId}/transcript': { post: operations['postChatSessionsSessionIdTranscript']; };
  '/chat/sessions/{sessionId}/attachments': { post: operations['postChatSessionsSessionIdAttachments']; };
}

export interface operations {
  /** Open a chat session */
  postChatSessions: { parameters: { query?: never; header?: never; path?: never; cookie?: never; }; requestBody: { content: { 'application/json': { name?: string; email?: string; phone?: string; topic?: string; identityToken?: string; }; }; }; responses: { 201: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ChatSessionOpened']; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
  /** The session's thread */
  getChatSessionsSessionIdMessages: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody?: never; responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': { sessionId: string; messages: components['schemas']['ChatThreadMessage'][]; agentTypingUntil?: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 503: components['responses']['Unavailable']; }; };
  /** Send the visitor's message */
  postChatSessionsSessionIdMessages: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { text?: string; clientMessageId: string; deflection?: 'offered'; attachmentIds?: string[]; }; }; }; responses: { 202: { headers: { [name: string]: unknown }; content: { 'application/json': { accepted: true; clientMessageId: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
  /** The visitor's place in line */
  getChatSessionsSessionIdQueue: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody?: never; responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['ChatQueueStatus']; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 503: components['responses']['Unavailable']; }; };
  /** Ask for a call back instead of waiting */
  postChatSessionsSessionIdCallback: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { phone?: string; }; }; }; responses: { 202: { headers: { [name: string]: unknown }; content: { 'application/json': { workItemId: string; phone: string; estimatedWaitSeconds: number | null; message: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 409: components['responses']['Conflict']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
  /** Leave the chat (End chat, or the page-hide beacon) */
  postChatSessionsSessionIdEnd: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { token?: string; leaving?: boolean; }; }; }; responses: { 202: { headers: { [name: string]: unknown }; content: { 'application/json': { abandoned: boolean; leaving: boolean; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
  /** Start a web or in-app call through Amazon Connect */
  postChatSessionsSessionIdCalls: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { video?: boolean; displayName?: string; requestId?: string; }; }; }; responses: { 201: { headers: { [name: string]: unknown }; content: { 'application/json': { webCallId: string; contactId: string; participantId: string; participantToken: string; connectionData: unknown; media: 'audio' | 'video'; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 409: components['responses']['Conflict']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 429: components['responses']['TooManyRequests']; 502: components['responses']['BadGateway']; 503: components['responses']['Unavailable']; }; };
  /** Send a code to an email the visitor gives */
  postChatSessionsSessionIdEmailVerification: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { email: string; }; }; }; responses: { 202: { headers: { [name: string]: unknown }; content: { 'application/json': { sent: true; expiresInSeconds: number; attempts: number; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 429: components['responses']['TooManyRequests']; 503: components['responses']['Unavailable']; }; };
  /** Prove the email by typing back its code */
  postChatSessionsSessionIdEmailVerificationConfirm: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { code: string; }; }; }; responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': { verified: true; customerId: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 429: components['responses']['TooManyRequests']; 503: components['responses']['Unavailable']; }; };
  /** Answer the articles offered before queueing */
  postChatSessionsSessionIdDeflection: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { clientMessageId: string; outcome: 'answered' | 'person'; articleId?: string; }; }; }; responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': { clientMessageId: string; outcome: 'answered' | 'person'; articleId?: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
  /** The visitor is typing */
  postChatSessionsSessionIdTyping: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody?: never; responses: { 202: { headers: { [name: string]: unknown }; content: { 'application/json': { accepted: true; typingUntil?: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 503: components['responses']['Unavailable']; }; };
  /** Answer the chat's satisfaction survey card */
  postChatSessionsSessionIdSurvey: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { rating: number; comment?: string; answers?: { [key: string]: string; }; workItemId: string; }; }; }; responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': { workItemId: string; kept: 'this' | 'earlier'; message: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 403: components['responses']['Forbidden']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
  /** Email the chat's transcript to the visitor */
  postChatSessionsSessionIdTranscript: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { email: string; }; }; }; responses: { 202: { headers: { [name: string]: unknown }; content: { 'application/json': { accepted: true; sessionId: string; }; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 429: components['responses']['TooManyRequests']; 503: components['responses']['Unavailable']; }; };
  /** Grant the visitor the upload of one file */
  postChatSessionsSessionIdAttachments: { parameters: { query?: never; header?: never; path: { sessionId: string; }; cookie?: never; }; requestBody: { content: { 'application/json': { name: string; contentType: string; size: number; sha256: string; }; }; }; responses: { 201: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['AttachmentUploadGrant']; }; }; 400: components['responses']['BadRequest']; 401: components['responses']['Unauthorized']; 404: components['responses']['NotFound']; 413: components['responses']['PayloadTooLarge']; 415: components['responses']['UnsupportedMediaType']; 503: components['responses']['Unavailable']; }; };
}

export interface components {
  schemas: {
    ChatSessionOpened: { sessionId: string; token: string; customerId: string; liveUrl?: string; };
    ChatThreadMessage: { messageId: string; direction: 'inbound' | 'outbound' | 'internal'; text: string; at: string; clientMessageId?: string; attachments?: { attachmentId?: string; name?: string; contentType?: string; size?: number; }[]; survey?: { workItemId: string; questions: { id: string; text: string; type: 'yesNo' | 'text'; }[]; }; };
    ChatQueueStatus: { queueId: string | null; state: 'waiting' | 'offered' | 'assigned' | 'closed'; position: number | null; estimatedWaitSeconds: number | null; open: boolean; nextOpening?: string; };
    AttachmentUploadGrant: { attachmentId: string; state: 'pending'; upload: { method: 'PUT'; url: string; headers: { [key: string]: string; }; expiresAt: string; }; };
    /** A refusal: a code, a message, and what else helps */
    Error: { error: { code: string; message: string; field?: string; issues?: { field: string; message: string; }[]; retryAfterSeconds?: number; [key: string]: unknown; }; };
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
  };
}
