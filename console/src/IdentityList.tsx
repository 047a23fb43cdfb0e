import Box from '@cloudscape-design/components/box';
import { identityParts } from './format.ts';

/** A customer's identities, each with its kind and what proved it: `Email ana@example.com`. */
export function IdentityList({
  identities,
  label,
  evidence = {},
}: {
  identities: readonly string[];
  label: string;
  evidence?: Readonly<Record<string, string>>;
}) {
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
            {evidence[identity] ? (
              <Box variant="small" color="text-status-success">
                {' '}
                verified ({evidence[identity]})
              </Box>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
