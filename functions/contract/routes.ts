import { ATTACHMENT_CONTRACTS } from './attachments.ts';
import { CHAT_CONTRACTS } from './chat.ts';
import type { RouteContract } from './contract.ts';
import { CUSTOMER_CONTRACTS } from './customers.ts';
import { KNOWLEDGE_CONTRACTS } from './knowledge.ts';
import { OPERATION_CONTRACTS } from './operations.ts';
import { ROUTING_CONTRACTS } from './routing.ts';

/** Every route's contract by its route key (`POST /chat/sessions`). */
export const CONTRACTS: Readonly<Record<string, RouteContract>> = {
  ...CHAT_CONTRACTS,
  ...ATTACHMENT_CONTRACTS,
  ...CUSTOMER_CONTRACTS,
  ...ROUTING_CONTRACTS,
  ...KNOWLEDGE_CONTRACTS,
  ...OPERATION_CONTRACTS,
};
