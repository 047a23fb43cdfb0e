import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Keys appended here (customer, conversation, channel) are ids only: message
 * bodies, tokens and identities never reach the logs.
 */
export const logger = new Logger({ serviceName: 'onethread' });
