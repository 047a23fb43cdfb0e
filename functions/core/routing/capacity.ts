import type { CapacityGroup, Channel } from '../model.ts';

/** Capacity groups in a fixed order; agents keep load and capacity as arrays indexed by it. */
export const CAPACITY_GROUPS: readonly CapacityGroup[] = ['voice', 'chat', 'email', 'sms', 'social'];

const GROUP_OF_CHANNEL: Record<Channel, CapacityGroup> = {
  voice: 'voice',
  chat: 'chat',
  email: 'email',
  sms: 'sms',
  whatsapp: 'social',
  messenger: 'social',
  instagram: 'social',
  x: 'social',
  // Work a business event opens is answered later, on the customer's own channel, as email is.
  store: 'email',
};

/** WhatsApp, Messenger, Instagram and X share the `social` capacity. */
export function capacityGroupOf(channel: Channel): CapacityGroup {
  return GROUP_OF_CHANNEL[channel];
}

export function groupIndex(group: CapacityGroup): number {
  return CAPACITY_GROUPS.indexOf(group);
}

export function channelGroupIndex(channel: Channel): number {
  return groupIndex(GROUP_OF_CHANNEL[channel]);
}

export function toGroupArray(record: Partial<Record<CapacityGroup, number>>): number[] {
  return CAPACITY_GROUPS.map((group) => record[group] ?? 0);
}

export function fromGroupArray(values: readonly number[]): Partial<Record<CapacityGroup, number>> {
  const record: Partial<Record<CapacityGroup, number>> = {};
  CAPACITY_GROUPS.forEach((group, index) => {
    const value = values[index] ?? 0;
    if (value > 0) record[group] = value;
  });
  return record;
}

/**
 * Which groups an available agent can take more work in, as a bit mask. Work held in an
 * exclusive group (a call) closes every other group until it ends.
 */
export function freeGroupMask(
  capacity: readonly number[],
  load: readonly number[],
  exclusiveMask: number,
): number {
  for (let g = 0; g < CAPACITY_GROUPS.length; g++) {
    const held = load[g] ?? 0;
    if (held > 0 && (exclusiveMask & (1 << g)) !== 0) return held < (capacity[g] ?? 0) ? 1 << g : 0;
  }
  let mask = 0;
  for (let g = 0; g < CAPACITY_GROUPS.length; g++) {
    if ((load[g] ?? 0) < (capacity[g] ?? 0)) mask |= 1 << g;
  }
  return mask;
}

export function groupMask(groups: readonly CapacityGroup[]): number {
  return groups.reduce((mask, group) => mask | (1 << groupIndex(group)), 0);
}
