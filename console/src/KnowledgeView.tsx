import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Table from '@cloudscape-design/components/table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ArticleEditor, type EditorApi } from './ArticleEditor.tsx';
import { ArticleState } from './ArticleState.tsx';
import type { Api, ArticleListing } from './api.ts';
import { useTableCollection } from './collection.tsx';
import { dateTime } from './format.ts';
import { problem, queryKeys } from './queries.ts';

export type KnowledgeApi = EditorApi & Pick<Api, 'articles'>;

const byTitle = (a: ArticleListing, b: ArticleListing) => a.latest.title.localeCompare(b.latest.title);

/** Which article the editor has open: one by id, or a new one. */
type Open = { articleId?: string } | undefined;

/** Supervisors' help articles: every one with its state and version, and the editor. */
export function KnowledgeView({ api }: { api: KnowledgeApi }) {
  const [open, setOpen] = useState<Open>();
  const queryClient = useQueryClient();
  const listed = useQuery({
    queryKey: queryKeys.articles(),
    queryFn: () => api.articles(),
  });
  const articles = listed.data;
  const error = problem(listed.error);
  const rows = useTableCollection(articles ?? [], {
    label: 'articles',
    filteringFields: ['articleId', 'status'],
    empty: error ? (
      <Alert type="error">{error}</Alert>
    ) : (
      <Box color="text-status-inactive">No articles yet. Write the first one.</Box>
    ),
    sortingField: 'title',
    sortingComparator: byTitle,
  });

  if (open) {
    return (
      <ArticleEditor
        api={api}
        articleId={open.articleId}
        onClose={() => {
          setOpen(undefined);
          void queryClient.invalidateQueries({ queryKey: queryKeys.articles() });
        }}
      />
    );
  }
  return (
    <Table
      {...rows}
      variant="full-page"
      header={
        <Header
          variant="h1"
          counter={`(${articles?.length ?? 0})`}
          description="What customers find before they wait, and agents beside the conversation."
          actions={
            <Button variant="primary" onClick={() => setOpen({})}>
              New article
            </Button>
          }
        >
          Help articles
        </Header>
      }
      loading={!articles && !error}
      loadingText="Loading articles"
      trackBy="articleId"
      ariaLabels={{ tableLabel: 'Help articles' }}
      columnDefinitions={[
        {
          id: 'title',
          header: 'Title',
          isRowHeader: true,
          sortingField: 'title',
          sortingComparator: byTitle,
          cell: (a) => (
            <Link
              href={`#/knowledge/${a.articleId}`}
              onFollow={(event) => {
                event.preventDefault();
                setOpen({ articleId: a.articleId });
              }}
            >
              {a.latest.title}
            </Link>
          ),
        },
        { id: 'id', header: 'Article id', cell: (a) => a.articleId, sortingField: 'articleId' },
        { id: 'language', header: 'Language', cell: (a) => a.latest.language },
        { id: 'state', header: 'State', cell: (a) => <ArticleState article={a} /> },
        { id: 'version', header: 'Latest version', cell: (a) => a.latest.version },
        { id: 'updated', header: 'Updated', cell: (a) => dateTime(a.updatedAt), sortingField: 'updatedAt' },
      ]}
    />
  );
}
