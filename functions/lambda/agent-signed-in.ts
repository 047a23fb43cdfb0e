import * as z from 'zod';
import { makeHandler } from '#handlers/agent-signed-in.ts';
import { envSchema, parseEnv, requireEnv } from '#shared/env.ts';
import { AuditLog } from '#store/audit-log.ts';
import { createTableClient } from '#store/dynamo.ts';
import { FUNCTIONS } from '../routes.ts';

const EnvSchema = envSchema({ AUDIT_TABLE_NAME: z.string().min(1) });

const env = requireEnv(process.env, FUNCTIONS.agentSignedIn.requires);
const { AUDIT_TABLE_NAME } = parseEnv(EnvSchema, env);
export const handler = makeHandler({
  audit: new AuditLog(createTableClient(AUDIT_TABLE_NAME), () => new Date()),
});
