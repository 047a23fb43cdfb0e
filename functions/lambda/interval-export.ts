import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { appDeps } from '#app/create-deps.ts';
import { makeHandler } from '#handlers/interval-export.ts';
import { loadConfig } from '#shared/config.ts';
import { envSchema, parseEnv, requireEnv } from '#shared/env.ts';
import { S3BlobStore } from '#store/blobs.ts';
import { IntervalExport } from '#store/interval-export.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';
import { FUNCTIONS } from '../routes.ts';

const ReportsEnvSchema = envSchema({
  /** The reports bucket the Glue tables read. */
  ONETHREAD_REPORTS_BUCKET: z.string().min(3),
});

const env = requireEnv(process.env, FUNCTIONS.intervalExport.requires);
const deps = appDeps(loadConfig(env));
const { ONETHREAD_REPORTS_BUCKET } = parseEnv(ReportsEnvSchema, env);
const blobs = new S3BlobStore(new S3Client({}), ONETHREAD_REPORTS_BUCKET);
export const handler = makeHandler({
  ...deps,
  export: new IntervalExport(new IntervalsRepo(deps.table), blobs),
});
