import type { Provider } from '#core/model.ts';
import type { ChannelSender } from '#core/ports.ts';
import type { ChannelSettings } from '#shared/config.ts';
import type { SecretSource } from '#shared/secrets.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './common/provider-http.ts';
import { GraphApiClient } from './meta/client.ts';
import { TwilioClient } from './twilio/client.ts';
import { XApiClient } from './x/client.ts';

/** One client per provider; a reply goes out through the provider its conversation came in on. */
export function createSenders(
  settings: ChannelSettings,
  secrets: SecretSource,
  retry: RetryPolicy = DEFAULT_RETRY,
): Record<Provider, ChannelSender> {
  return {
    meta: new GraphApiClient(settings.meta, secrets, retry),
    x: new XApiClient(settings.x, secrets, retry),
    twilio: new TwilioClient({ ...settings.twilio, publicUrl: settings.publicUrl }, secrets, retry),
  };
}
