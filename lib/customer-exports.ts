import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import type { EmailChannel } from './email.ts';
import { bindTable, HouseFunction } from './house-function.ts';

export interface CustomerExportsProps {
  table: ITableV2;
  email: EmailChannel;
  environment: FunctionEnv;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/**
 * Customer export jobs (docs/compliance.md#export-jobs): a function the agent API starts
 * asynchronously, with Lambda's longest timeout, that reads the whole record and its stored
 * files and writes the archive under the email bucket's `exports/`, which expires it.
 */
export class CustomerExports extends Construct {
  public readonly builder: HouseFunction;

  constructor(scope: Construct, id: string, props: CustomerExportsProps) {
    super(scope, id);
    this.builder = new HouseFunction(this, 'Builder', {
      entry: FUNCTIONS.customerExports.entry,
      description: FUNCTIONS.customerExports.description,
      timeout: Duration.minutes(15),
      // The archive is built in memory, with its files.
      memorySize: 2048,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.builder.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1) });
    bindTable(this.builder, props.table, 'readWrite');
    props.email.bindFileReader(this.builder);
    props.email.bindExportWriter(this.builder);
  }

  /** Lets a function start export jobs, and tells it which function builds them. */
  bindStarter(fn: HouseFunction): void {
    // The function itself, not `:*`: its versions and aliases are nobody's to call.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.builder.function.functionArn],
      }),
    );
    fn.setEnv('ONETHREAD_EXPORT_FUNCTION', this.builder.function.functionName);
  }
}
