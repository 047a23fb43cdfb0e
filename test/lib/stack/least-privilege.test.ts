import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../functions/routes.ts';
import { resourcesOfType } from '../synth.ts';
import { CONNECT_INSTANCE, IDENTITY_JWKS, IDENTITY_TOKEN_SECRET, WEB_CALL_FLOW } from './deployment.ts';
import {
  actionsOf,
  consumedBy,
  envOf,
  functionNamed,
  grantsOf,
  type Json,
  mainTableId,
  refersTo,
  type Statement,
  statementsOf,
  template,
} from './synthesized.ts';

describe('least privilege', () => {
  const allStatements = () =>
    resourcesOfType(template, 'AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement,
    );
  const tableId = mainTableId;
  const queueIds = () => resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id);
  const bucketIds = () => resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => id);

  it('grants no wildcard action on the table, the queues or the buckets', () => {
    const touching = allStatements().filter((statement) =>
      [tableId(), ...queueIds(), ...bucketIds()].some((id) => refersTo(statement.Resource, id)),
    );
    expect(touching.length).toBeGreaterThan(0);
    for (const statement of touching) {
      for (const action of actionsOf(statement)) expect(action).not.toContain('*');
    }
  });

  it('names table indexes one by one instead of index/*', () => {
    expect(JSON.stringify(allStatements())).not.toContain('/index/*');
  });

  it('uses Resource "*" only for the X-Ray actions that support nothing narrower', () => {
    for (const statement of allStatements().filter((s) => JSON.stringify(s.Resource) === '"*"')) {
      expect(actionsOf(statement).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it('lets the agent API read and write the table (merges, erasure jobs), hand erasures to ingest, read stored email (exports) and start export jobs', () => {
    const actions = statementsOf(functionNamed('agentApi')[0])
      .filter((s) => refersTo(s.Resource, tableId()))
      .flatMap(actionsOf);
    expect(actions.sort()).toEqual(TABLE_READ_WRITE);
    const others = grantsOf('agentApi').filter((grant) => !grant.startsWith('dynamodb:'));
    expect(others.filter((grant) => !grant.startsWith('kms:'))).toEqual(
      [
        'lambda:InvokeFunction on CustomerExportsBuilderFunctionA235F8A7',
        's3:GetObject on bucket/attachments/*',
        's3:GetObject on bucket/exports/*',
        's3:GetObject on bucket/inbound/*',
        's3:GetObject on bucket/raw/*',
        'sqs:SendMessage on ingest queue',
      ].sort(),
    );
  });

  it('lets ingest delete stored email, for erasures, and store fetched provider media, nothing else in the bucket', () => {
    expect(grantsOf('ingest').filter((grant) => grant.startsWith('s3:'))).toEqual([
      's3:DeleteObject on bucket/attachments/*',
      's3:DeleteObject on bucket/inbound/*',
      's3:DeleteObject on bucket/raw/*',
      's3:GetObject on bucket/attachments/files/*',
      's3:PutObject on bucket/attachments/files/*',
    ]);
  });

  it('gives attachments least privilege: uploads granted by their API alone, read by chat and replies', () => {
    const s3Of = (name: keyof typeof FUNCTIONS) => grantsOf(name).filter((grant) => grant.startsWith('s3:'));
    expect(s3Of('attachmentsApi')).toEqual([
      's3:GetObject on bucket/attachments/files/*',
      's3:PutObject on bucket/attachments/files/*',
    ]);
    expect(s3Of('chatApi')).toEqual(['s3:GetObject on bucket/attachments/files/*']);
    expect(s3Of('replies')).toEqual(['s3:GetObject on bucket/attachments/files/*']);
  });

  it('lets the chat API write the table and send to the ingest and routing queues, not receive from them', () => {
    const statements = statementsOf(functionNamed('chatApi')[0]);
    const queueActions = statements.filter((s) => queueIds().some((id) => refersTo(s.Resource, id)));
    // The ingest queue for messages; the routing events queue for a waiting visitor's leaving.
    expect(new Set(queueActions.flatMap(actionsOf))).toEqual(new Set(['sqs:SendMessage']));
    expect(grantsOf('chatApi')).toContain('sqs:SendMessage on ingest queue');
    expect(grantsOf('chatApi')).toContain('sqs:SendMessage on router queue');
    expect(statements.flatMap(actionsOf)).toContain('dynamodb:PutItem');
  });

  it('lets the health check describe the table and the queue, and read no data', () => {
    const actions = statementsOf(functionNamed('health')[0])
      .filter((s) => !actionsOf(s).some((action) => /^(logs|xray):/.test(action)))
      .flatMap(actionsOf);
    expect(actions.sort()).toEqual(['dynamodb:DescribeTable', 'sqs:GetQueueAttributes']);
  });

  it('lets the events API read items by key, write only API keys, and send to the ingest queue', () => {
    const statements = statementsOf(functionNamed('eventsApi')[0]).filter((s) =>
      refersTo(s.Resource, tableId()),
    );
    const keyed = statements.filter((s) => JSON.stringify(s.Condition ?? {}).includes('LeadingKeys'));
    expect(statements.filter((s) => !keyed.includes(s)).flatMap(actionsOf)).toEqual(['dynamodb:GetItem']);
    expect(keyed.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(keyed[0]?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['APIKEYS'] },
    });
    const queues = statementsOf(functionNamed('eventsApi')[0]).filter((s) =>
      queueIds().some((id) => refersTo(s.Resource, id)),
    );
    expect(queues.flatMap(actionsOf)).toEqual(['sqs:SendMessage']);
  });

  const TABLE_READ_WRITE = [
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ];

  it('lets the routing engines use the table and send nothing: deciding is appending to the log', () => {
    for (const name of ['router', 'routingApi'] as const) {
      const grants = grantsOf(name);
      // The router parks a malformed event on its own dead-letter queue.
      expect(
        grants.filter((grant) => grant.startsWith('sqs:SendMessage')),
        name,
      ).toEqual(name === 'router' ? ['sqs:SendMessage on router dead-letter queue'] : []);
      for (const action of TABLE_READ_WRITE) expect(grants, name).toContain(`${action} on table`);
      expect(
        grants.filter((grant) => !/^(dynamodb|kms|sqs):/.test(grant)),
        name,
      ).toEqual([]);
    }
  });

  it('lets the routing effects schedule timers and hand work to Connect, and the timer consumer delay timers', () => {
    const sends = (name: 'routingEffects' | 'routingTimers') =>
      grantsOf(name).filter((grant) => grant.startsWith('sqs:SendMessage'));
    expect(sends('routingEffects')).toEqual([
      'sqs:SendMessage on connectRequests queue',
      'sqs:SendMessage on routingTimers queue',
    ]);
    expect(sends('routingTimers')).toEqual([
      'sqs:SendMessage on routingTimers dead-letter queue',
      'sqs:SendMessage on routingTimers queue',
    ]);
    for (const name of ['routingEffects', 'routingTimers'] as const) {
      const grants = grantsOf(name);
      for (const action of TABLE_READ_WRITE) expect(grants, name).toContain(`${action} on table`);
      expect(
        grants.filter((grant) => !/^(dynamodb|kms|sqs):/.test(grant)),
        name,
      ).toEqual([
        expect.stringMatching(/^iam:PassRole on .*SchedulerRole/),
        expect.stringMatching(/^scheduler:CreateSchedule on /),
      ]);
    }
  });

  it('lets ingest announce work items on the routing queue, park poison and continue erasures, and send to no other queue', () => {
    expect(grantsOf('ingest').filter((grant) => grant.startsWith('sqs:SendMessage'))).toEqual([
      'sqs:SendMessage on ingest dead-letter queue',
      'sqs:SendMessage on ingest queue',
      'sqs:SendMessage on router queue',
    ]);
  });

  it('lets emailInbound read inbound mail, store attachments, look up one item and enqueue', () => {
    expect(grantsOf('emailInbound')).toEqual(
      [
        'dynamodb:GetItem on table',
        'kms:Decrypt on key',
        's3:GetObject on bucket/inbound/*',
        's3:PutObject on bucket/attachments/*',
        's3:PutObject on bucket/raw/*',
        'sqs:SendMessage on ingest queue',
        'sqs:SendMessage on emailInbound dead-letter queue',
        'sqs:ChangeMessageVisibility on emailInbound queue',
        'sqs:DeleteMessage on emailInbound queue',
        'sqs:GetQueueAttributes on emailInbound queue',
        'sqs:GetQueueUrl on emailInbound queue',
        'sqs:ReceiveMessage on emailInbound queue',
      ].sort(),
    );
  });

  /** Secret reads are GetSecretValue and DescribeSecret on one named secret. */
  const secretGrantsOf = (name: keyof typeof FUNCTIONS) => [
    ...new Set(grantsOf(name).filter((grant) => grant.startsWith('secretsmanager:GetSecretValue'))),
  ];

  it('lets the webhooks enqueue and read their provider’s secret, and nothing else', () => {
    for (const name of ['metaWebhook', 'xWebhook', 'twilioWebhook'] as const) {
      const grants = grantsOf(name);
      expect(
        grants.filter((grant) => !grant.startsWith('secretsmanager:')),
        name,
      ).toEqual(['sqs:SendMessage on ingest queue']);
      expect(secretGrantsOf(name), name).toHaveLength(1);
    }
  });

  it('lets replies use the table as the chat edge does, enqueue, and send email from the domain only', () => {
    const grants = grantsOf('replies');
    const ses = grants.filter((grant) => grant.startsWith('ses:'));
    const beyondSecretsAndSes = (list: string[]) =>
      list.filter((grant) => !/^(ses|secretsmanager):/.test(grant));
    // The chat API also tells routing when a waiting visitor leaves; replies have no one waiting.
    const chatEdge = grantsOf('chatApi').filter((grant) => grant !== 'sqs:SendMessage on router queue');
    expect(beyondSecretsAndSes(grants)).toEqual(beyondSecretsAndSes(chatEdge));
    expect(secretGrantsOf('replies')).toHaveLength(3);
    expect(ses).toHaveLength(1);
    expect(ses[0]).toMatch(/^ses:SendEmail on .*identity\/.+/);
  });

  it('grants secret reads only to the functions that talk to providers, check identity tokens or sign survey links, and SES only to those that email customers', () => {
    const reading = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter(
      (name) => secretGrantsOf(name).length,
    );
    expect(reading.sort()).toEqual([
      'chatApi',
      'connectCallback',
      'ingest',
      'metaWebhook',
      'replies',
      'surveysApi',
      'twilioWebhook',
      'xWebhook',
    ]);
    const actions = allStatements().flatMap(actionsOf);
    expect(new Set(actions.filter((action) => action.startsWith('ses:')))).toEqual(
      new Set(['ses:SendEmail']),
    );
    const senders = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter((name) =>
      grantsOf(name).some((grant) => grant.startsWith('ses:')),
    );
    // Codes (chat), replies, notices and surveys (ingest), transcripts (surveys).
    expect(senders.sort()).toEqual(['chatApi', 'ingest', 'replies', 'surveysApi']);
  });

  it("lets the chat API read the identity token key's value and nothing else of Secrets Manager, and send codes from the domain", () => {
    const grants = grantsOf('chatApi');
    const secretGrants = grants.filter((grant) => grant.startsWith('secretsmanager:'));
    expect(secretGrants).toHaveLength(1);
    expect(secretGrants[0]).toMatch(
      /^secretsmanager:GetSecretValue on .*secret:onethread\/identity-tokens-\?{6}/,
    );
    expect(grants.filter((grant) => grant.startsWith('ses:'))).toEqual([
      expect.stringMatching(/^ses:SendEmail on .*identity\/support\.example\.com/),
    ]);
    expect(envOf('chatApi')).toMatchObject({
      ONETHREAD_IDENTITY_TOKEN_AUDIENCE: 'onethread-test',
      ONETHREAD_IDENTITY_TOKEN_SECRET_ID: IDENTITY_TOKEN_SECRET,
      ONETHREAD_IDENTITY_TOKEN_JWKS_URL: IDENTITY_JWKS,
      ONETHREAD_EMAIL_FROM_ADDRESS: 'support@support.example.com',
    });
    expect(JSON.stringify(envOf('chatApi'))).not.toContain('resolve:secretsmanager');
  });

  it('lets web calls start contacts only with the web call flow, keep their ledger and report the call', () => {
    const grants = grantsOf('webCalls');
    for (const action of TABLE_READ_WRITE) expect(grants).toContain(`${action} on table`);
    expect(grants.filter((grant) => grant.startsWith('sqs:'))).toEqual(['sqs:SendMessage on ingest queue']);
    expect(grants.filter((grant) => grant.startsWith('connect:'))).toEqual([
      `connect:StartWebRTCContact on ${JSON.stringify(`${CONNECT_INSTANCE}/contact-flow/${WEB_CALL_FLOW}`)}`,
      `connect:StartWebRTCContact on ${JSON.stringify(`${CONNECT_INSTANCE}/contact/*`)}`,
    ]);
    expect(grants.filter((grant) => !/^(dynamodb|kms|sqs|connect):/.test(grant))).toEqual([]);
    expect(envOf('webCalls')).toMatchObject({
      ONETHREAD_CONNECT_INSTANCE_ARN: CONNECT_INSTANCE,
      ONETHREAD_CONNECT_WEBRTC_FLOW_ID: WEB_CALL_FLOW,
    });
    const others = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter(
      (name) => name !== 'webCalls' && grantsOf(name).some((grant) => grant.includes('StartWebRTCContact')),
    );
    expect(others).toEqual([]);
  });

  it('lets the Connect flow lookup create callers, report the call and announce a callback’s work item, and nothing else', () => {
    const grants = grantsOf('connectFlow');
    for (const action of TABLE_READ_WRITE) expect(grants).toContain(`${action} on table`);
    expect(grants.filter((grant) => grant.startsWith('sqs:'))).toEqual([
      'sqs:SendMessage on ingest queue',
      'sqs:SendMessage on router queue',
    ]);
    expect(envOf('connectFlow')).toMatchObject({
      ROUTING_QUEUE_URL: { Ref: consumedBy('router').queueId },
      ONETHREAD_ROUTING_PARTITION: 'default',
    });
    expect(grants.filter((grant) => !/^(dynamodb|kms|sqs):/.test(grant))).toEqual([]);
  });

  /**
   * Updates by key on the table, a read of the work item (its queue names its routing partition),
   * and the routing queue: how a Connect task's end reaches its work item.
   */
  const TASK_LINKS = [
    'dynamodb:GetItem on table',
    'dynamodb:UpdateItem on table',
    'kms:Decrypt on key',
    'kms:Encrypt on key',
    'kms:GenerateDataKey on key',
    'sqs:SendMessage on router queue',
  ];

  it('lets connectEvents enqueue call reports and close tasks’ work items, and connectCallback read, queue requests and notify', () => {
    expect(grantsOf('connectEvents')).toEqual([...TASK_LINKS, 'sqs:SendMessage on ingest queue'].sort());
    const grants = grantsOf('connectCallback');
    const tableActions = grants
      .filter((grant) => grant.startsWith('dynamodb:'))
      .map((grant) => grant.split(' ')[0]);
    expect(new Set(tableActions)).toEqual(
      new Set(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']),
    );
    expect(grants.filter((grant) => grant.startsWith('sqs:'))).toEqual([
      'sqs:SendMessage on connectRequests queue',
      'sqs:SendMessage on ingest queue',
    ]);
    expect(secretGrantsOf('connectCallback')).toHaveLength(3);
  });

  it('lets connectRequests start tasks and callbacks in the one instance, consume its queue and link tasks', () => {
    const under = (type: string) => JSON.stringify(`${CONNECT_INSTANCE}/${type}/*`);
    expect(grantsOf('connectRequests')).toEqual(
      [
        ...['StartTaskContact', 'StartOutboundVoiceContact'].flatMap((action) =>
          ['contact', 'contact-flow', 'queue'].map((type) => `connect:${action} on ${under(type)}`),
        ),
        ...TASK_LINKS,
        'sqs:ChangeMessageVisibility on connectRequests queue',
        'sqs:DeleteMessage on connectRequests queue',
        'sqs:GetQueueAttributes on connectRequests queue',
        'sqs:GetQueueUrl on connectRequests queue',
        'sqs:ReceiveMessage on connectRequests queue',
        'sqs:SendMessage on connectRequests dead-letter queue',
      ].sort(),
    );
    const actions = allStatements().flatMap(actionsOf);
    // StartWebRTCContact is the web calls function's alone (see above).
    expect(actions.filter((action) => action.startsWith('connect:')).sort()).toEqual([
      'connect:StartOutboundVoiceContact',
      'connect:StartTaskContact',
      'connect:StartWebRTCContact',
    ]);
  });

  it('attaches no AWS managed policies to function roles, only to API Gateway’s logging role', () => {
    const assumedBy = (role: Json) => JSON.stringify(role.AssumeRolePolicyDocument);
    const managed = resourcesOfType(template, 'AWS::IAM::Role').filter(([, role]) => role.ManagedPolicyArns);
    expect(managed.map(([, role]) => assumedBy(role))).toEqual([
      expect.stringContaining('apigateway.amazonaws.com'),
    ]);
  });
});
