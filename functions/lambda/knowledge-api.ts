import { S3Client } from '@aws-sdk/client-s3';
import { appDeps } from '#app/create-deps.ts';
import type { BlobStore } from '#core/ports.ts';
import { makeHandler } from '#handlers/knowledge-api.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import type { KnowledgeConfig } from '#shared/knowledge-config.ts';
import { loadKnowledgeConfig } from '#shared/knowledge-config.ts';
import { FileBlobStore, S3BlobStore } from '#store/blobs.ts';
import { FUNCTIONS } from '../routes.ts';

function blobsFor(config: KnowledgeConfig): BlobStore {
  if (config.bucket) return new S3BlobStore(new S3Client({}), config.bucket);
  if (config.dir) return new FileBlobStore(config.dir);
  throw new Error('the knowledge base needs ONETHREAD_KB_BUCKET (or ONETHREAD_KB_DIR locally)');
}

const env = requireEnv(process.env, FUNCTIONS.knowledgeApi.requires);
const knowledge = loadKnowledgeConfig(env);
export const handler = makeHandler({
  ...appDeps(loadConfig(env)),
  knowledge,
  kbBlobs: blobsFor(knowledge),
});
