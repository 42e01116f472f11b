/** Text with mentions, written @[Name](user-id) for the server, shown as plain "@Name". */
export function mentionsAsNames(text: string): string {
  return text.replace(/@\[([^\]]+)\]\([0-9a-f-]{36}\)/g, '@$1');
}
