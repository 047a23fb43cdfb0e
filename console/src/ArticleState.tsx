import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { ArticleListing } from './api.ts';

const INDICATOR = { draft: 'pending', published: 'success', retired: 'stopped' } as const;

/** Whether customers see an article, and whether they see its latest version. */
export function ArticleState({ article }: { article: ArticleListing }) {
  const published = article.published?.version;
  const behind = article.status === 'published' && published !== article.latest.version;
  return (
    <StatusIndicator type={behind ? 'warning' : INDICATOR[article.status]}>
      {article.status === 'published'
        ? `Published, version ${published}${behind ? ` (version ${article.latest.version} not yet)` : ''}`
        : article.status === 'retired'
          ? 'Retired'
          : 'Draft, not published'}
    </StatusIndicator>
  );
}
