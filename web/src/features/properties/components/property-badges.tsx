/** "tax_delinquent" → "Tax delinquent" */
export function tagLabel(tag: string): string {
  const words = tag.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How many lists a property is on: the more lists, the warmer the colour. */
export function StackBadge({ count, long = false }: { count: number; long?: boolean }) {
  const heat = count >= 3 ? 'hot' : count === 2 ? 'warm' : 'cold';
  const text = `On ${count} ${count === 1 ? 'list' : 'lists'}`;
  return (
    <span className={`stack-badge stack-badge-${heat}`} title={text} aria-label={text}>
      {long ? text : count}
    </span>
  );
}

/** Distress tags as chips; past `limit`, the rest fold into "+n". */
export function TagChips({ tags, limit }: { tags: string[]; limit?: number }) {
  const shown = limit === undefined ? tags : tags.slice(0, limit);
  const hidden = tags.length - shown.length;
  return (
    <span className="chips">
      {shown.map((tag) => (
        <span key={tag} className="chip">
          {tagLabel(tag)}
        </span>
      ))}
      {hidden > 0 && (
        <span className="chip chip-more" title={tags.slice(shown.length).map(tagLabel).join(', ')}>
          +{hidden}
        </span>
      )}
    </span>
  );
}
