import { type Stack, Token } from 'aws-cdk-lib';

/**
 * A stack's region and account as cdk-nag prints them inside a finding's resource: the value
 * when the stack has a fixed environment, else the pseudo parameter in angle brackets.
 * Acknowledgements name the finding exactly, so they must print it the same way.
 */
export function printedEnvironment(stack: Stack): { region: string; account: string } {
  return {
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}
