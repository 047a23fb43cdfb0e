import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { candidateWorkItemId } from '#core/erasure.ts';
import type { Customer, Interaction } from '#core/model.ts';
import { localClientConfig, startDynamoLocal } from '#local/emulators.ts';
import { ensureTable } from '#local/provision.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { CustomerEraser } from '#store/customer-erasure.ts';
import { CustomersRepo } from '#store/customers-repo.ts';
import { CapacityMeter, createTableClient, type TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';
import { interactionItem } from '#store/timeline-repo.ts';

/** A conversation every this many entries, with the work item its first message opened. */
const PER_CONVERSATION = 50;
/** An email with a stored attachment every this many entries. */
const PER_FILE = 100;

function value(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/**
 * One customer with many entries, erased against DynamoDB Local: how long the whole job takes and
 * what it costs in capacity units, checked afterwards by a scan that must find only the
 * tombstone. The record is written straight into the table (what ingest would have left), so the
 * time measured is the erasure's alone.
 */
export async function run(args: string[]): Promise<void> {
  const interactions = value(args, 'interactions', 10_000);
  const [dynamo, folder] = await Promise.all([
    startDynamoLocal(),
    mkdtemp(join(tmpdir(), 'onethread-erase-')),
  ]);
  try {
    const config = localClientConfig(dynamo.endpoint);
    const admin = new DynamoDBClient(config);
    await ensureTable(admin, 'bench-erasure');
    admin.destroy();
    const meter = new CapacityMeter();
    const table = createTableClient('bench-erasure', config, meter);
    const blobs = new FileBlobStore(folder);
    const seeded = Date.now();
    const customerId = await seed(table, blobs, interactions);
    console.log(
      `seeded ${interactions.toLocaleString('en')} entries in ${((Date.now() - seeded) / 1000).toFixed(1)} s`,
    );

    const eraser = new CustomerEraser(table, new CustomersRepo(table), blobs, { agentLanguages: ['en'] });
    meter.reset();
    const started = performance.now();
    await eraser.start(customerId, { agentId: 'bench', reason: 'benchmark' });
    const tombstone = await eraser.run(customerId);
    const seconds = (performance.now() - started) / 1000;

    const { Items = [] } = await table.doc.send(new ScanCommand({ TableName: table.tableName }));
    const files = await readdir(folder, { recursive: true, withFileTypes: true });
    console.log(JSON.stringify(tombstone.counts));
    console.log(
      `erased in ${seconds.toFixed(1)} s (${((seconds * 1000) / interactions).toFixed(2)} ms an entry), ` +
        `${meter.writeUnits.toFixed(0)} write units, ${meter.readUnits.toFixed(0)} read units; ` +
        `left: ${Items.length} item(s) (${Items.map((i) => i.pk).join(', ')}), ` +
        `${files.filter((f) => f.isFile()).length} file(s)`,
    );
  } finally {
    await Promise.all([dynamo.stop(), rm(folder, { recursive: true, force: true })]);
  }
}

async function seed(table: TableClient, blobs: FileBlobStore, count: number): Promise<string> {
  const customerId = 'cust_bench';
  const at = (index: number) => new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString();
  const customer: Customer = {
    customerId,
    name: 'Bench Customer',
    identities: ['email:bench@example.org', 'phone:+14155550100'],
    evidence: {},
    claims: [],
    createdAt: at(0),
    updatedAt: at(0),
    mergedFrom: [],
    splitVersion: 0,
    version: 1,
  };
  const items: Array<Record<string, unknown>> = [
    { ...keys.customer(customerId), entity: 'customer', ...customer },
    ...customer.identities.map((identity) => ({
      ...keys.identity(identity),
      entity: 'identity',
      identity,
      customerId,
    })),
  ];
  for (let index = 0; index < count; index++) {
    const conversationId = `conv_${Math.floor(index / PER_CONVERSATION)}`;
    const email = index % PER_FILE === 0;
    const attachments = email
      ? [
          {
            ref: await blobs.put(`attachments/bench/${index}.txt`, Buffer.from(`file ${index}`)),
            name: 'f.txt',
          },
        ]
      : [];
    const interaction: Interaction = {
      interactionId: `int_${index}`,
      customerId,
      conversationId,
      channel: email ? 'email' : 'sms',
      direction: index % 2 === 0 ? 'inbound' : 'outbound',
      kind: 'message',
      at: at(index),
      providerMessageId: `bench-${index}`,
      identity: 'phone:+14155550100',
      text: `message ${index} from the bench customer`,
      attachments,
      recordedAt: at(index),
    };
    items.push(interactionItem(interaction));
    if (index % PER_CONVERSATION === 0) {
      const workItemId = candidateWorkItemId(interaction);
      items.push({
        ...keys.conversation(conversationId),
        entity: 'conversation',
        conversationId,
        customerId,
        startedAt: at(index),
        lastActivityAt: at(index),
        channels: ['sms'],
      });
      items.push({
        ...keys.workItem(workItemId),
        entity: 'workItem',
        workItemId,
        conversationId,
        customerId,
      });
    }
  }
  for (let start = 0; start < items.length; start += 25) {
    await table.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  return customerId;
}
