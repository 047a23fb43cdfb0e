import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Cognito group names; the agent API reads them from the token's `cognito:groups` claim. */
export const AGENT_GROUPS = { agents: 'agents', supervisors: 'supervisors' } as const;

export interface AgentIdentityProps {
  /** Keeps the user pool (and with it every agent account) when the stack is deleted. */
  deletionProtection: boolean;
  /** `required` makes every agent enrol an authenticator app at first sign-in. */
  mfa: 'required' | 'optional';
}

/**
 * Who may use the agent console: a Cognito user pool that only administrators add people to,
 * with `agents` and `supervisors` groups and one public app client for the console.
 */
export class AgentIdentity extends Construct {
  public readonly userPool: UserPool;
  public readonly consoleClient: UserPoolClient;
  public readonly agentsGroup: UserPoolGroup;
  public readonly supervisorsGroup: UserPoolGroup;

  constructor(scope: Construct, id: string, props: AgentIdentityProps) {
    super(scope, id);

    // 'UserPool' is the pool's identity: renaming it creates a new, empty pool.
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      // Authenticator apps only: SMS codes would need an SNS role and a spend limit per account.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential checks and adaptive authentication on every sign-in.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Your OneThread agent account',
        emailBody:
          'You have been added to OneThread. Sign in with {username} and the temporary password ' +
          '{####}; you will choose your own password and set up an authenticator app.',
      },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    if (props.mfa === 'optional') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions::AwsSolutions-COG2',
        reason:
          'MFA made optional explicitly by the deployer (onethread:agentMfa=optional); agents can ' +
          'still enrol an authenticator app, and Plus threat protection stays on.',
      });
    }

    // Lower precedence wins when a user is in both groups.
    this.supervisorsGroup = this.userPool.addGroup('SupervisorsGroup', {
      groupName: AGENT_GROUPS.supervisors,
      description: 'Supervisors: agents who also manage queues, routing and other agents',
      precedence: 0,
    });
    this.agentsGroup = this.userPool.addGroup('AgentsGroup', {
      groupName: AGENT_GROUPS.agents,
      description: 'Agents: read customers and timelines, work their assigned conversations',
      precedence: 1,
    });

    // A browser app cannot keep a secret, so the client has none and signs in with SRP.
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'agent-console',
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // About one shift; agents sign in again the next day.
      refreshTokenValidity: Duration.hours(12),
    });
  }
}
