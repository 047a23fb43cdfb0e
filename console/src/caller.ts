import { type Api, ApiError } from './api.ts';

/** Who the screen pop is about. */
export type Caller =
  | { kind: 'customer'; customerId: string }
  /** A number no customer has: a first call, not an error. */
  | { kind: 'new'; phone: string }
  | { kind: 'none' };

/**
 * Finds the customer: by id when one is known (the contact flow lookup names it), else by the
 * caller's number.
 */
export async function findCaller(
  api: Pick<Api, 'customerByIdentity'>,
  target: { customerId?: string | undefined; phone?: string | undefined },
): Promise<Caller> {
  if (target.customerId) return { kind: 'customer', customerId: target.customerId };
  if (!target.phone) return { kind: 'none' };
  try {
    const customer = await api.customerByIdentity(`phone:${target.phone}`);
    return { kind: 'customer', customerId: customer.customerId };
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 404) return { kind: 'new', phone: target.phone };
    throw caught;
  }
}
