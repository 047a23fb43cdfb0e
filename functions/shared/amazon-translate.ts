import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { TranslationError, type TranslationFailure, type Translator } from '#core/translation.ts';

/** What each of Amazon Translate's refusals means for the message. */
const FAILURES: Record<string, TranslationFailure> = {
  TooManyRequestsException: 'throttled',
  ThrottlingException: 'throttled',
  LimitExceededException: 'throttled',
  UnsupportedLanguagePairException: 'unsupported',
  DetectedLanguageLowConfidenceException: 'unsupported',
};

/**
 * Amazon Translate's TranslateText, or anything that speaks its API (the local stand-in, by
 * `endpoint`). The SDK's own retries absorb a brief throttle; what is left is a `TranslationError`.
 * The text is never logged, here or by the caller.
 */
export class AmazonTranslator implements Translator {
  private readonly client: TranslateClient;

  constructor(options: { region: string; endpoint?: string | undefined }) {
    this.client = new TranslateClient({
      region: options.region,
      maxAttempts: 2,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  }

  async translate(text: string, from: string, to: string): Promise<string> {
    try {
      const answer = await this.client.send(
        new TranslateTextCommand({ Text: text, SourceLanguageCode: from, TargetLanguageCode: to }),
      );
      if (answer.TranslatedText === undefined)
        throw new TranslationError('unavailable', 'no translated text');
      return answer.TranslatedText;
    } catch (error) {
      if (error instanceof TranslationError) throw error;
      const name = (error as Error).name;
      throw new TranslationError(FAILURES[name] ?? 'unavailable', `TranslateText failed: ${name}`);
    }
  }
}
