import Box from '@cloudscape-design/components/box';
import { identityParts } from './format.ts';

/** A customer's identities, each with its kind: `Email ana@example.com`. */
export function IdentityList({ identities, label }: { identities: readonly string[]; label: string }) {
  return (
    <ul aria-label={label} style={{ margin: 0, paddingLeft: 16 }}>
      {identities.map((identity) => {
        const { kind, value } = identityParts(identity);
        return (
          <li key={identity}>
            <Box variant="span" color="text-body-secondary">
              {kind}
            </Box>{' '}
            {value}
          </li>
        );
      })}
    </ul>
  );
}
