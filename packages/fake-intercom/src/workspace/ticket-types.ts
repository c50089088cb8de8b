/**
 * The workspace's ticket types and ticket states. Intercom has three kinds of ticket (`category`):
 * Customer tickets a customer sees, Back-office tickets teammates work on behind a conversation, and
 * Tracker tickets that gather many conversations about one problem. States are workspace-wide, and two
 * of them share the `in_progress` category (Intercom lets a workspace add states per category), so a
 * client must keep the state's id and labels, not only its category.
 */

export type TicketCategory = 'Customer' | 'Back-office' | 'Tracker';
export type TicketStateCategory = 'submitted' | 'in_progress' | 'waiting_on_customer' | 'resolved';
export type AttributeDataType = 'string' | 'list' | 'integer' | 'decimal' | 'boolean' | 'datetime';

export interface TicketStateRecord {
  id: string;
  category: TicketStateCategory;
  internalLabel: string;
  externalLabel: string;
}

export interface TicketAttributeRecord {
  id: string;
  name: string;
  description: string;
  dataType: AttributeDataType;
  /** For `list` attributes. */
  options?: readonly string[];
}

export interface TicketTypeRecord {
  index: number;
  id: string;
  category: TicketCategory;
  name: string;
  description: string;
  icon: string;
  /** Beyond `_default_title_` and `_default_description_`, which every type has. */
  attributes: readonly TicketAttributeRecord[];
}

export const TICKET_STATES: readonly TicketStateRecord[] = [
  { id: '8269', category: 'submitted', internalLabel: 'Submitted', externalLabel: 'Submitted' },
  { id: '8270', category: 'in_progress', internalLabel: 'In progress', externalLabel: 'In progress' },
  { id: '8271', category: 'in_progress', internalLabel: 'With engineering', externalLabel: 'In progress' },
  {
    id: '8272',
    category: 'waiting_on_customer',
    internalLabel: 'Waiting on customer',
    externalLabel: 'Awaiting your reply',
  },
  { id: '8273', category: 'resolved', internalLabel: 'Resolved', externalLabel: 'Resolved' },
];

export const SUBMITTED = 0;
export const RESOLVED = 4;

const DEFAULT_ATTRIBUTES = (typeId: number): TicketAttributeRecord[] => [
  { id: String(typeId * 10 + 1), name: '_default_title_', description: 'Title', dataType: 'string' },
  {
    id: String(typeId * 10 + 2),
    name: '_default_description_',
    description: 'Description',
    dataType: 'string',
  },
];

function ticketType(
  index: number,
  category: TicketCategory,
  name: string,
  icon: string,
  description: string,
  attributes: Omit<TicketAttributeRecord, 'id'>[],
): TicketTypeRecord {
  const id = 60 + index;
  return {
    index,
    id: String(id),
    category,
    name,
    description,
    icon,
    attributes: attributes.map((attribute, position) => ({
      ...attribute,
      id: String(id * 10 + 3 + position),
    })),
  };
}

export const TICKET_TYPES: readonly TicketTypeRecord[] = [
  ticketType(0, 'Customer', 'Bug report', '🐞', 'Something in the product is broken', [
    { name: 'severity', description: 'How bad it is', dataType: 'list', options: ['low', 'medium', 'high'] },
    { name: 'browser', description: 'Browser and version', dataType: 'string' },
  ]),
  ticketType(1, 'Customer', 'Billing request', '🧾', 'Invoices, refunds and plan changes', [
    { name: 'invoice_number', description: 'The invoice concerned', dataType: 'string' },
    { name: 'amount', description: 'Amount in dollars', dataType: 'decimal' },
  ]),
  ticketType(2, 'Back-office', 'Refund approval', '💸', 'A refund a manager must approve', [
    { name: 'refund_amount', description: 'Amount to refund', dataType: 'decimal' },
    { name: 'approved', description: 'Approved by finance', dataType: 'boolean' },
  ]),
  ticketType(3, 'Back-office', 'Account review', '🔍', 'Security or compliance review of an account', [
    { name: 'due_at', description: 'Review due by', dataType: 'datetime' },
  ]),
  ticketType(4, 'Tracker', 'Incident', '🚨', 'An outage affecting many customers', [
    { name: 'affected_customers', description: 'Customers affected', dataType: 'integer' },
    { name: 'status_page_url', description: 'Public status page', dataType: 'string' },
  ]),
  ticketType(5, 'Tracker', 'Known issue', '📌', 'A known problem engineering is fixing', []),
];

/** Every attribute of a type, the two defaults first. */
export function attributesOf(type: TicketTypeRecord): TicketAttributeRecord[] {
  return [...DEFAULT_ATTRIBUTES(Number(type.id)), ...type.attributes];
}

/** How many tickets of each type (by index) in a hundred: most are customer tickets. */
export const TYPE_WEIGHTS: readonly number[] = [35, 25, 15, 10, 8, 7];

/** The term ticket search takes for a category (the 2.16 spec: request, task, tracker). */
export const CATEGORY_SEARCH_TERMS: Readonly<Record<TicketCategory, string>> = {
  Customer: 'request',
  'Back-office': 'task',
  Tracker: 'tracker',
};
