import { type Stack, Token } from 'aws-cdk-lib';

/**
 * A stack's partition, region and account as cdk-nag prints them inside a finding's resource:
 * the value when the stack has a fixed environment (the partition follows from a known region
 * under `@aws-cdk/core:target-partitions`), else the pseudo parameter in angle brackets.
 * Acknowledgements name the finding exactly, so they must print it the same way.
 */
export function printedEnvironment(stack: Stack): { partition: string; region: string; account: string } {
  const partition = stack.resolve(stack.partition);
  return {
    partition: typeof partition === 'string' ? partition : '<AWS::Partition>',
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}
