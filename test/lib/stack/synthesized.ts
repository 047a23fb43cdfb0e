/**
 * What the stack tests share: the synthesized template and the ways they look into it.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { expect, inject } from 'vitest';
import { receivesToOutlast } from '../../../functions/queue/backoff.ts';
import { FUNCTIONS } from '../../../functions/routes.ts';
import { resourcesOfType } from '../synth.ts';

export type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: Json };
export type Json = Record<string, unknown>;

/** The stack as the stack tests' global setup synthesized it once for all their files. */
export const template = Template.fromJSON(inject('stackTemplate'));
export const lambdas: [string, Json][] = resourcesOfType(template, 'AWS::Lambda::Function');

export const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
export const refersTo = (value: unknown, logicalId: string) =>
  JSON.stringify(value).includes(`"${logicalId}"`);
export const only = (matches: [string, Json][], what: string): [string, Json] => {
  expect(matches, what).toHaveLength(1);
  return matches[0] as [string, Json];
};

export function functionNamed(name: keyof typeof FUNCTIONS): [string, Json] {
  return only(
    lambdas.filter(([, props]) => props.Description === FUNCTIONS[name].description),
    `the deployed function for ${name}`,
  );
}

export function statementsOf(functionLogicalId: string): Statement[] {
  const [, fn] = only(
    lambdas.filter(([id]) => id === functionLogicalId),
    functionLogicalId,
  );
  const roleId = (fn.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => refersTo(policy.Roles, roleId))
    .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
}

export function logicalIdOf(type: string, predicate: (props: Json) => boolean = () => true): string {
  return only(
    resourcesOfType(template, type).filter(([, props]) => predicate(props)),
    type,
  )[0];
}

/** The queue a function consumes, that queue's dead-letter queue and the event source. */
export function consumedBy(name: keyof typeof FUNCTIONS): { queueId: string; dlqId: string; mapping: Json } {
  const [functionId] = functionNamed(name);
  const [, mapping] = only(
    resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(([, props]) =>
      refersTo(props.FunctionName, functionId),
    ),
    `the event source of ${name}`,
  );
  const queueId = (mapping.EventSourceArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const queue = resource(queueId);
  const dlqId = (queue.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } })
    .deadLetterTargetArn['Fn::GetAtt'][0];
  return { queueId, dlqId, mapping };
}

export const resource = (logicalId: string): Json => template.toJSON().Resources[logicalId].Properties;
/** The customer data table has the change stream; the access audit's table has none. */
export const mainTableId = () =>
  logicalIdOf('AWS::DynamoDB::GlobalTable', (props) => 'StreamSpecification' in props);
export const auditTableId = () =>
  logicalIdOf('AWS::DynamoDB::GlobalTable', (props) => !('StreamSpecification' in props));
export const httpApiId = () =>
  logicalIdOf('AWS::ApiGatewayV2::Api', (props) => props.ProtocolType === 'HTTP');
export const distributionId = () => logicalIdOf('AWS::CloudFront::Distribution');
export const envOf = (name: keyof typeof FUNCTIONS): Json =>
  (functionNamed(name)[1].Environment as { Variables: Json }).Variables;

/** Functions that consume a queue, with the largest batch each takes. */
export const CONSUMERS = {
  ingest: 10,
  router: 10,
  routingTimers: 10,
  emailInbound: 5,
  connectRequests: 5,
} as const;
/** Receives before a message is dead-lettered: enough for every consumer's backoff to outlast an outage. */
export const MAX_RECEIVES = receivesToOutlast();

/** A function's grants beyond its own logs and X-Ray, as `action on resource` lines. */
export const grantsOf = (name: keyof typeof FUNCTIONS) =>
  statementsOf(functionNamed(name)[0])
    .filter((statement) => !actionsOf(statement).some((action) => /^(logs|xray):/.test(action)))
    .flatMap((statement) => {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      return actionsOf(statement).flatMap((action) =>
        resources.map((target) => `${action} on ${nameOf(target)}`),
      );
    })
    .sort();
const nameOf = (target: unknown): string => {
  const text = JSON.stringify(target);
  const id = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(text)?.[1] ?? text;
  const suffix = /"(\/[^"]*)"\]\]\}$/.exec(text)?.[1] ?? '';
  const type = template.toJSON().Resources[id]?.Type ?? '?';
  return `${label(id, type)}${suffix}`;
};
const label = (id: string, type: string): string => {
  const queues: Record<string, string> = {};
  for (const name of Object.keys(CONSUMERS) as (keyof typeof CONSUMERS)[]) {
    const { queueId, dlqId } = consumedBy(name);
    queues[queueId] = `${name} queue`;
    queues[dlqId] = `${name} dead-letter queue`;
  }
  if (queues[id]) return queues[id];
  if (id === auditTableId()) return 'audit table';
  return (
    { 'AWS::DynamoDB::GlobalTable': 'table', 'AWS::KMS::Key': 'key', 'AWS::S3::Bucket': 'bucket' }[type] ?? id
  );
};
