import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  type UserPoolGroup,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { bindAuditWriter, HouseFunction } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';

/** Cognito group names; the agent API reads them from the token's `cognito:groups` claim. */
export const AGENT_GROUPS = { agents: 'agents', supervisors: 'supervisors' } as const;

export interface SignInAuditProps {
  auditTable: ITableV2;
  environment: FunctionEnv;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

export interface AgentIdentityProps {
  /** Keeps the user pool (and with it every agent account) when the stack is deleted. */
  deletionProtection: boolean;
  /** `required` makes every agent enrol an authenticator app at first sign-in. */
  mfa: 'required' | 'optional';
  /** Prefix of the Hosted UI domain, `<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string;
  /**
   * Where the console is served: the Hosted UI returns there after sign-in and sign-out. The
   * console's own URL may be a lazy token, known only once its distribution exists.
   */
  consoleUrls: string[];
}

/**
 * Who may use the agent console: a Cognito user pool that only administrators add people to,
 * with `agents` and `supervisors` groups, and one public app client through which the console
 * signs in on the pool's Hosted UI (authorization code with PKCE).
 */
export class AgentIdentity extends Construct {
  public readonly userPool: UserPool;
  public readonly consoleClient: UserPoolClient;
  public readonly domain: UserPoolDomain;
  /** The Hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  public readonly hostedUiUrl: string;
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
      // The agent record a user works as (functions/http/auth.ts): the user name is a generated
      // id, because people sign in with their e-mail address.
      customAttributes: { agentId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
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

    this.domain = this.userPool.addDomain('HostedUiDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    this.hostedUiUrl = this.domain.baseUrl();

    if (props.consoleUrls.length === 0) {
      throw new Error(`${this.node.path}: the console client needs at least one console URL`);
    }
    // A browser app cannot keep a secret: the client has none, and the console proves with PKCE
    // that it is the one that started the sign-in. No implicit grant: tokens never go in a URL.
    // SRP stays for tools that sign in without the Hosted UI.
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'agent-console',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.consoleUrls,
        logoutUrls: props.consoleUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // Agents may read their agent id but not change it: it decides whose work they may act on.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('agentId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // About one shift; agents sign in again the next day.
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /**
   * Every sign-in becomes an entry of the access audit, written by the pool's post-authentication
   * trigger, which may append to the audit table and do nothing else.
   */
  public recordSignIns(props: SignInAuditProps): HouseFunction {
    const fn = new HouseFunction(this, 'agentSignedIn', {
      entry: FUNCTIONS.agentSignedIn.entry,
      description: FUNCTIONS.agentSignedIn.description,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
      // Cognito gives a trigger five seconds before it fails the sign-in.
      timeout: Duration.seconds(5),
    });
    bindAuditWriter(fn, props.auditTable);
    this.userPool.addTrigger(UserPoolOperation.POST_AUTHENTICATION, fn.function);
    return fn;
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'UserPoolId',
        value: this.userPool.userPoolId,
        description: 'Cognito user pool of agents and supervisors',
      },
      {
        id: 'ConsoleClientId',
        value: this.consoleClient.userPoolClientId,
        description: 'App client of the agent console',
      },
      { id: 'HostedUiUrl', value: this.hostedUiUrl, description: 'Cognito Hosted UI where agents sign in' },
    ];
  }
}
