import * as z from 'zod';

const endpoint = z
  .object({ Address: z.string().max(256).nullish(), Type: z.string().max(64).nullish() })
  .nullish();

/** What a contact flow's "Invoke AWS Lambda function" block sends (only the fields we read). */
export const ContactFlowEventSchema = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().min(1).max(256),
      InitialContactId: z.string().max(256).nullish(),
      PreviousContactId: z.string().max(256).nullish(),
      Channel: z.string().max(32).nullish(),
      InitiationMethod: z.string().max(64).nullish(),
      InstanceARN: z.string().max(2048).nullish(),
      CustomerEndpoint: endpoint,
      SystemEndpoint: endpoint,
      Queue: z.object({ ARN: z.string().max(2048).nullish(), Name: z.string().max(256).nullish() }).nullish(),
      Attributes: z.record(z.string(), z.string()).nullish(),
    }),
    Parameters: z.record(z.string(), z.string()).nullish(),
  }),
});
export type ContactFlowEvent = z.infer<typeof ContactFlowEventSchema>;

const time = z.iso.datetime({ offset: true });
const optionalTime = time.nullish().catch(undefined);
const text = (max: number) => z.string().max(max).nullish();

/**
 * An Amazon Connect contact event on EventBridge, after `lowerCaseKeys`: the published samples
 * disagree about casing (`AgentInfo`/`agentInfo`, `instanceARN`/`instanceArn`), so keys are
 * compared lower-cased and enum values upper-cased.
 */
export const ContactEventSchema = z.object({
  id: z.string().min(1).max(256),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  source: z.literal('aws.connect'),
  time,
  detail: z.object({
    eventtype: z.string().min(1).max(64),
    contactid: z.string().min(1).max(256),
    initialcontactid: text(256),
    previouscontactid: text(256),
    channel: text(32),
    instancearn: text(2048),
    initiationmethod: text(64),
    initiationtimestamp: optionalTime,
    connectedtosystemtimestamp: optionalTime,
    disconnecttimestamp: optionalTime,
    queueinfo: z
      .object({ queuearn: text(2048), enqueuetimestamp: optionalTime })
      .nullish()
      .catch(undefined),
    agentinfo: z
      .object({ agentarn: text(2048), connectedtoagenttimestamp: optionalTime })
      .nullish()
      .catch(undefined),
    /** Newer events: a string, or an object naming the reason. */
    disconnectreason: z.unknown().optional(),
    customerendpoint: z
      .object({ address: text(256), type: text(64) })
      .nullish()
      .catch(undefined),
    systemendpoint: z
      .object({ address: text(256), type: text(64) })
      .nullish()
      .catch(undefined),
  }),
});
export type ContactEvent = z.infer<typeof ContactEventSchema>;

/** A copy of a JSON value with every object key lower-cased. */
export function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerCaseKeys(inner)]),
  );
}
