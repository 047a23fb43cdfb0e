import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError, type Customer } from '../src/api.ts';
import { CustomerCard } from '../src/ConversationPane.tsx';
import { lookupError, MergeCandidate } from '../src/MergeModal.tsx';
import { withQueries } from './queries.tsx';
import { customerOf } from './wire.ts';

const ana: Customer = customerOf({
  customerId: 'cust_ana',
  name: 'Ana',
  identities: ['email:ana@example.com'],
  createdAt: '2026-01-01T00:00:00.000Z',
});
const work: Customer = customerOf({
  customerId: 'cust_work',
  name: 'Ana Pérez',
  identities: ['email:ana@work.example', 'phone:+14155550100'],
  createdAt: '2026-03-01T00:00:00.000Z',
});

/** The text a reader sees, tags removed. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('merging from the customer card', () => {
  it('shows who was found, with every identity, and what the merge will do', () => {
    const markup = renderToStaticMarkup(<MergeCandidate current={ana} found={work} />);
    expect(text(markup)).toContain('Ana Pérez');
    expect(text(markup)).toContain('cust_work');
    expect(markup).toContain('aria-label="Identities of the record found"');
    expect(text(markup)).toContain('Email ana@work.example');
    expect(text(markup)).toContain('Phone +14155550100');
    expect(text(markup)).toContain('Ana Pérez will be merged into Ana');
    expect(text(markup)).toContain('until a supervisor unmerges them');
  });

  it('says so when the identity already belongs to this customer', () => {
    const markup = renderToStaticMarkup(<MergeCandidate current={ana} found={ana} />);
    expect(text(markup)).toContain('already belongs to this customer');
    expect(text(markup)).not.toContain('will be merged');
  });

  it('treats nobody found as an answer, and passes other errors on', () => {
    expect(lookupError(new ApiError(404, 'no customer with identity email:x@example.com'))).toBe(
      'No customer has that identity.',
    );
    expect(lookupError(new ApiError(400, 'identity: not an email address'))).toBe(
      'identity: not an email address',
    );
  });

  it('puts the action in the card header, and the card still works without one', () => {
    const withAction = renderToStaticMarkup(
      <CustomerCard customer={ana} actions={<button type="button">Merge…</button>} />,
    );
    expect(text(withAction)).toContain('Merge…');
    expect(withAction).toContain('aria-label="Identities"');
    expect(text(renderToStaticMarkup(<CustomerCard customer={ana} />))).not.toContain('Merge');
  });

  it('shows claims as claims, verified identities with their proof, and merges a supervisor can split', () => {
    const visitor: Customer = customerOf({
      ...ana,
      identities: ['chat:chat_1'],
      evidence: { 'chat:chat_1': 'chat:session' },
      claims: [{ identity: 'email:ana@example.com', evidence: 'chat:form', at: ana.createdAt }],
      mergedFrom: ['cust_old'],
    });
    const markup = renderToStaticMarkup(withQueries(<CustomerCard customer={visitor} api={{} as never} />));
    expect(text(markup)).toContain('verified (chat:session)');
    expect(text(markup)).toContain('claims to be email ana@example.com');
    expect(text(markup)).toContain('Check');
    expect(markup).toContain('aria-label="Unmerge cust_old"');
    expect(text(renderToStaticMarkup(withQueries(<CustomerCard customer={visitor} />)))).not.toContain(
      'Unmerge',
    );
  });
});
