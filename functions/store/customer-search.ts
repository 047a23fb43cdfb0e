import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '#core/model.ts';
import type { CustomerStore } from '#core/ports.ts';
import type { TableClient } from './dynamo.ts';
import { searchBucket, TABLE_KEYS } from './table.ts';

/**
 * Customers whose name or an identity starts with one of the terms, through the search index:
 * one query per term, never a scan. A term that finds a merged customer leads to the survivor,
 * and each customer is listed once.
 */
export class CustomerSearch {
  constructor(
    private readonly table: TableClient,
    private readonly customers: Pick<CustomerStore, 'get'>,
  ) {}

  async find(terms: readonly string[], limit: number): Promise<Customer[]> {
    const ids = new Set<string>();
    for (const term of terms) {
      for (const id of await this.matching(term, limit)) ids.add(id);
    }
    const found = new Map<string, Customer>();
    for (const customer of await Promise.all([...ids].map((id) => this.customers.get(id)))) {
      if (customer && found.size < limit) found.set(customer.customerId, customer);
    }
    return [...found.values()];
  }

  private async matching(term: string, limit: number): Promise<string[]> {
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: TABLE_KEYS.indexes.search.name,
        KeyConditionExpression: '#bucket = :bucket AND begins_with(#term, :term)',
        ExpressionAttributeNames: {
          '#bucket': TABLE_KEYS.indexes.search.partitionKey,
          '#term': TABLE_KEYS.indexes.search.sortKey,
        },
        ExpressionAttributeValues: { ':bucket': searchBucket(term), ':term': term },
        Limit: limit,
      }),
    );
    // The sort key is `<term>#<customerId>`, and customer ids have no `#`.
    return Items.map((item) => String(item[TABLE_KEYS.indexes.search.sortKey]).split('#').at(-1) as string);
  }
}
