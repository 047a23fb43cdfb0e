import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';

/** A dialog's footer: Cancel, then its one primary action, at the right as Cloudscape lays them out. */
export function ModalActions(props: {
  onCancel: () => void;
  label: string;
  onAction: () => void;
  loading?: boolean;
  disabled?: boolean;
}) {
  return (
    <Box float="right">
      <SpaceBetween direction="horizontal" size="xs">
        <Button variant="link" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button variant="primary" loading={props.loading} disabled={props.disabled} onClick={props.onAction}>
          {props.label}
        </Button>
      </SpaceBetween>
    </Box>
  );
}
