import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, staleFiles } from '../../bin/openapi.ts';
import { CONTRACTS } from '../../functions/contract/routes.ts';
import { ROUTES, routeKey } from '../../functions/routes.ts';

type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  responses: Record<string, unknown>;
};
const committed = async () =>
  JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
  };

describe('the OpenAPI document (docs/openapi.json)', () => {
  it("is what the manifest and the schemas generate, as are the console's paths (run `npm run openapi`)", async () => {
    expect(await staleFiles()).toEqual([]);
  });

  it('holds every route of the manifest with its method, and nothing else', async () => {
    const document = await committed();
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map(routeKey).sort());
    expect(Object.keys(CONTRACTS).sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  it("names each route's credentials, path parameters and refusals in the error shape", async () => {
    const document = await committed();
    const expected = { agent: 'agentJwt', iam: 'iamSigV4' } as const;
    for (const route of ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Operation;
      const schemes = (operation.security ?? []).flatMap(Object.keys);
      if (route.auth !== 'public') expect(schemes, routeKey(route)).toEqual([expected[route.auth]]);
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const inPath = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(inPath, routeKey(route)).toEqual(names);
      expect(operation.responses['503'], routeKey(route)).toEqual({
        $ref: '#/components/responses/Unavailable',
      });
    }
  });

  it('answers every refusal in the one error shape', async () => {
    const { components } = await committed();
    for (const [name, answer] of Object.entries(components.responses)) {
      expect(answer.content, name).toEqual({
        'application/json': { schema: { $ref: '#/components/schemas/Error' } },
      });
    }
  });

  it("asks for the chat session token, the events API key and the providers' signatures where handlers check them", async () => {
    const document = await committed();
    const messages = document.paths['/chat/sessions/{sessionId}/messages']?.post;
    expect(messages?.security).toEqual([{ chatSession: [] }]);
    expect(document.paths['/events']?.post?.security).toEqual([{ eventsApiKey: [] }]);
    const signed = [
      ['/webhooks/meta', 'x-hub-signature-256'],
      ['/webhooks/x', 'x-twitter-webhooks-signature'],
      ['/webhooks/twilio/sms', 'x-twilio-signature'],
    ] as const;
    for (const [path, header] of signed) {
      const headers = (document.paths[path]?.post?.parameters ?? []).filter((p) => p.in === 'header');
      expect(
        headers.map((p) => p.name),
        path,
      ).toEqual([header]);
    }
  });
});
