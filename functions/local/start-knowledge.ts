import { type KnowledgeConfig, loadKnowledgeConfig } from '#shared/knowledge-config.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { localFolder } from './local-folder.ts';

export interface LocalKnowledgeOptions {
  env: Record<string, string | undefined>;
  /** What the help page's article links would lead to, unless ONETHREAD_KB_ARTICLE_URL is set. */
  articleUrl: string | undefined;
  dataDir?: string | undefined;
}

export interface LocalKnowledge {
  config: KnowledgeConfig;
  /** The index file and large bodies. */
  blobs: FileBlobStore;
  stop(): Promise<void>;
}

/**
 * The knowledge base (lib/knowledge.ts): its index file and large bodies in a folder, where S3
 * keeps them on AWS. Article links lead to the help page served here, unless another is configured.
 */
export async function startKnowledge(options: LocalKnowledgeOptions): Promise<LocalKnowledge> {
  const config = loadKnowledgeConfig({
    ...options.env,
    ONETHREAD_KB_ARTICLE_URL: options.env.ONETHREAD_KB_ARTICLE_URL ?? options.articleUrl,
  });
  const folder = await localFolder(options.dataDir, 'kb');
  return { config, blobs: new FileBlobStore(folder.path), stop: () => folder.remove() };
}
