/** Readable names of the audited entity types. */
export const ENTITY_LABELS: Record<string, string> = {
  api_key: 'API key',
  import: 'Import',
  invitation: 'Invitation',
  session: 'Session',
  tenant: 'Workspace',
  user: 'Member',
};
