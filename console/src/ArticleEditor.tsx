import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Multiselect, { type MultiselectProps } from '@cloudscape-design/components/multiselect';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import Textarea from '@cloudscape-design/components/textarea';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ArticleFrame } from './ArticleFrame.tsx';
import { ArticleState } from './ArticleState.tsx';
import type { Api, ArticleDetail, ArticleListing, ArticleVersionMeta } from './api.ts';
import { ApiError } from './api.ts';
import { dateTime } from './format.ts';
import { queryKeys } from './queries.ts';

export type EditorApi = Pick<
  Api,
  | 'article'
  | 'articleVersions'
  | 'saveArticle'
  | 'publishArticle'
  | 'retireArticle'
  | 'previewArticle'
  | 'queues'
>;

interface Fields {
  articleId: string;
  title: string;
  body: string;
  language: string;
  /** Comma-separated, as typed. */
  tags: string;
  queues: string[];
}

const EMPTY: Fields = { articleId: '', title: '', body: '', language: 'en', tags: '', queues: [] };

function fieldsOf(detail: ArticleDetail): Fields {
  const { version } = detail;
  return {
    articleId: detail.articleId,
    title: version.title,
    body: version.body,
    language: version.language,
    tags: version.tags.join(', '),
    queues: version.queues,
  };
}

export function tagsOf(typed: string): string[] {
  return [
    ...new Set(
      typed
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/** What went wrong, in the supervisor's terms; the API's message names the field. */
function problem(caught: unknown): string {
  if (caught instanceof ApiError && caught.status === 409) {
    return `Someone saved a newer version while you edited (${caught.message}). Open the article again to see it.`;
  }
  if (caught instanceof ApiError && caught.status === 403) return 'Only supervisors can change articles.';
  return (caught as Error).message;
}

/**
 * Writes one article (or a new one): each save is a new version, customers see it only once it
 * is published, and the history can be opened or published again to roll back.
 */
export function ArticleEditor({
  api,
  articleId,
  onClose,
}: {
  api: EditorApi;
  /** Absent for a new article. */
  articleId?: string;
  onClose: () => void;
}) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [article, setArticle] = useState<ArticleListing>();
  const [versions, setVersions] = useState<ArticleVersionMeta[]>([]);
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState('write');
  const [preview, setPreview] = useState<string>();
  const queueOptions: MultiselectProps.Option[] = (
    useQuery({ queryKey: queryKeys.queues(), queryFn: () => api.queues() }).data ?? []
  ).map((q) => ({ value: q.queueId, label: q.name }));
  // One thing at a time: loading, saving, publishing…, named so its button shows it; what it
  // answers is the notice for the supervisor.
  const action = useMutation({
    mutationFn: ({ work }: { name: string; work: () => Promise<string | undefined> }) => work(),
  });
  const busy = action.isPending ? action.variables?.name : undefined;
  const error = action.error ? problem(action.error) : undefined;
  const notice = action.data;
  const run = (name: string, work: () => Promise<string | undefined>) => action.mutate({ name, work });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the article (and the client) to load are the triggers.
  useEffect(() => {
    if (articleId) run('load', async () => void (await open(articleId)));
  }, [api, articleId]);

  async function open(id: string, version?: number) {
    const [detail, history] = await Promise.all([api.article(id, version), api.articleVersions(id)]);
    setFields(fieldsOf(detail));
    setArticle(detail);
    setVersions([...history].sort((a, b) => b.version - a.version));
    setDirty(version !== undefined && version !== detail.latest.version);
  }

  function change(patch: Partial<Fields>) {
    setFields((current) => ({ ...current, ...patch }));
    setDirty(true);
    setPreview(undefined);
  }

  async function save(): Promise<ArticleListing> {
    const saved = await api.saveArticle(fields.articleId.trim(), {
      title: fields.title.trim(),
      body: fields.body,
      language: fields.language.trim(),
      tags: tagsOf(fields.tags),
      queues: fields.queues,
      // A new article starts at version 0: an id someone already uses is refused, not overwritten.
      baseVersion: article?.latest.version ?? 0,
    });
    setArticle(saved);
    setDirty(false);
    setVersions((await api.articleVersions(saved.articleId)).sort((a, b) => b.version - a.version));
    return saved;
  }

  const saveDraft = () =>
    run('save', async () => {
      const saved = await save();
      return `Saved version ${saved.latest.version}. Customers see it once it is published.`;
    });

  const publish = (version?: number) =>
    run(version ? `publish-${version}` : 'publish', async () => {
      const id = dirty && version === undefined ? (await save()).articleId : fields.articleId.trim();
      const published = await api.publishArticle(id, version);
      setArticle(published);
      return `Published version ${published.published?.version}: customers and agents find it now.`;
    });

  const retire = () =>
    run('retire', async () => {
      setArticle(await api.retireArticle(fields.articleId.trim()));
      return 'Retired: it left search and customers’ pages. Its versions stay; publish to bring it back.';
    });

  const openVersion = (version: number) =>
    run(`open-${version}`, async () => {
      await open(fields.articleId.trim(), version);
      return `Opened version ${version}. Save it to make it the latest, or publish it from the history.`;
    });

  function showTab(next: string) {
    setTab(next);
    if (next !== 'preview') return;
    run('preview', async () => {
      setPreview(await api.previewArticle(fields.body));
      return undefined;
    });
  }

  const complete = Boolean(fields.articleId.trim() && fields.title.trim());
  const selectedQueues = fields.queues.map(
    (queueId) =>
      queueOptions.find((option) => option.value === queueId) ?? { value: queueId, label: queueId },
  );

  return (
    <SpaceBetween size="l">
      <Form
        header={
          <Header
            variant="h1"
            description={article ? <ArticleState article={article} /> : 'A new article, not saved yet'}
          >
            {article ? fields.title || article.articleId : 'New article'}
          </Header>
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Back to articles
            </Button>
            {article && article.status !== 'retired' ? (
              <Button loading={busy === 'retire'} disabled={Boolean(busy)} onClick={retire}>
                Retire
              </Button>
            ) : null}
            <Button
              loading={busy === 'save'}
              disabled={Boolean(busy) || !complete || !dirty}
              onClick={saveDraft}
            >
              Save draft
            </Button>
            <Button
              variant="primary"
              loading={busy === 'publish'}
              disabled={Boolean(busy) || !complete || (!dirty && !article)}
              onClick={() => publish()}
            >
              {dirty ? 'Save and publish' : 'Publish'}
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="m">
          {error ? <Alert type="error">{error}</Alert> : null}
          {notice ? <Alert type="success">{notice}</Alert> : null}
          <Container header={<Header variant="h2">Article</Header>}>
            <SpaceBetween size="m">
              <FormField
                label="Article id"
                description="Lowercase letters, digits and hyphens; it is the article's link and cannot change."
              >
                <Input
                  ariaLabel="Article id"
                  value={fields.articleId}
                  disabled={Boolean(article)}
                  onChange={({ detail }) => change({ articleId: detail.value })}
                />
              </FormField>
              <FormField label="Title">
                <Input
                  ariaLabel="Title"
                  value={fields.title}
                  onChange={({ detail }) => change({ title: detail.value })}
                />
              </FormField>
              <FormField label="Language" description="A code such as en or de.">
                <Input
                  ariaLabel="Language"
                  value={fields.language}
                  onChange={({ detail }) => change({ language: detail.value })}
                />
              </FormField>
              <FormField label="Tags" description="Separated by commas; they weigh twice the body in search.">
                <Input
                  ariaLabel="Tags"
                  value={fields.tags}
                  onChange={({ detail }) => change({ tags: detail.value })}
                />
              </FormField>
              <FormField
                label="Queues"
                description="Whose customers and agents see it; none means every queue."
              >
                <Multiselect
                  ariaLabel="Queues"
                  placeholder="Every queue"
                  selectedOptions={selectedQueues}
                  options={queueOptions}
                  onChange={({ detail }) =>
                    change({ queues: detail.selectedOptions.map((option) => option.value ?? '') })
                  }
                />
              </FormField>
              <Tabs
                activeTabId={tab}
                onChange={({ detail }) => showTab(detail.activeTabId)}
                tabs={[
                  {
                    id: 'write',
                    label: 'Write',
                    content: (
                      <FormField
                        label="Body"
                        description="Markdown. HTML is shown as text, never run."
                        stretch
                      >
                        <Textarea
                          ariaLabel="Body"
                          rows={14}
                          value={fields.body}
                          onChange={({ detail }) => change({ body: detail.value })}
                        />
                      </FormField>
                    ),
                  },
                  {
                    id: 'preview',
                    label: 'Preview',
                    content:
                      preview === undefined ? (
                        <StatusIndicator type="loading">Rendering</StatusIndicator>
                      ) : (
                        <ArticleFrame html={preview} title="The article as customers will see it" />
                      ),
                  },
                ]}
              />
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
      {article ? (
        <VersionHistory
          versions={versions}
          published={article.status === 'published' ? article.published?.version : undefined}
          busy={busy}
          onOpen={openVersion}
          onPublish={publish}
        />
      ) : null}
    </SpaceBetween>
  );
}

function VersionHistory({
  versions,
  published,
  busy,
  onOpen,
  onPublish,
}: {
  versions: ArticleVersionMeta[];
  published: number | undefined;
  busy: string | undefined;
  onOpen: (version: number) => void;
  onPublish: (version: number) => void;
}) {
  return (
    <Table
      variant="container"
      header={
        <Header
          variant="h2"
          counter={`(${versions.length})`}
          description="Every save; publish one to roll back."
        >
          Version history
        </Header>
      }
      items={versions}
      trackBy="version"
      columnDefinitions={[
        {
          id: 'version',
          header: 'Version',
          isRowHeader: true,
          cell: (v) => (v.version === published ? `${v.version} (published)` : String(v.version)),
        },
        { id: 'title', header: 'Title', cell: (v) => v.title },
        { id: 'language', header: 'Language', cell: (v) => v.language },
        {
          id: 'saved',
          header: 'Saved',
          cell: (v) => `${dateTime(v.savedAt)} by ${v.savedBy}`,
        },
        {
          id: 'actions',
          header: 'Actions',
          cell: (v) => (
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                variant="inline-link"
                ariaLabel={`Open version ${v.version}`}
                disabled={Boolean(busy)}
                onClick={() => onOpen(v.version)}
              >
                Open
              </Button>
              {v.version === published ? null : (
                <Button
                  variant="inline-link"
                  ariaLabel={`Publish version ${v.version}`}
                  loading={busy === `publish-${v.version}`}
                  disabled={Boolean(busy)}
                  onClick={() => onPublish(v.version)}
                >
                  Publish
                </Button>
              )}
            </SpaceBetween>
          ),
        },
      ]}
      empty={<Box color="text-status-inactive">No versions yet.</Box>}
    />
  );
}
