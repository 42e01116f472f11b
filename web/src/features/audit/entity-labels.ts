/** Readable names of the audited entity types. */
export const ENTITY_LABELS: Record<string, string> = {
  api_key: 'API key',
  deal: 'Deal',
  import: 'Import',
  invitation: 'Invitation',
  pipeline: 'Pipeline',
  session: 'Session',
  task: 'Task',
  tenant: 'Workspace',
  user: 'Member',
};
