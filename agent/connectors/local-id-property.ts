/**
 * The mailbridge extended property that carries an item's local id (the idempotency
 * key): a named MAPI string property in mailbridge's own property set. EWS addresses it
 * as ExtendedFieldURI (PropertySetId + PropertyName), Graph as the singleValueExtendedProperty
 * id `String {guid} Name MailbridgeLocalId` — the same property on the mailbox, so an item
 * created through one protocol is recognised through the other.
 */
export const MAILBRIDGE_PROPERTY_SET = '8a1f3c52-6e0b-4d2a-9c71-4d61696c6272';
export const LOCAL_ID_PROPERTY_NAME = 'MailbridgeLocalId';

/** Graph's id for the property. */
export const GRAPH_LOCAL_ID_PROPERTY_ID = `String {${MAILBRIDGE_PROPERTY_SET}} Name ${LOCAL_ID_PROPERTY_NAME}`;
