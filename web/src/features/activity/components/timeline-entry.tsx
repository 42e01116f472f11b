import { Icon } from '../../../components/icons';
import { formatDateTime, formatRelative } from '../../../lib/format';
import type { TimelineItem } from '../api';
import { mentionsAsNames } from '../../../lib/mention-text';
import { describeEvent, iconOf, type TimelineNames } from '../timeline-sentences';

const detailOf = (item: TimelineItem): string | null => {
  if (item.kind === 'note.added' && typeof item.data.excerpt === 'string') return mentionsAsNames(item.data.excerpt);
  return null;
};

export function TimelineEntry({ item, names }: { item: TimelineItem; names: TimelineNames }) {
  const detail = detailOf(item);
  return (
    <li className="timeline-entry" data-kind={item.kind}>
      <span className={`timeline-icon timeline-icon-${item.kind.split('.')[0]}`} aria-hidden="true">
        <Icon name={iconOf(item.kind)} className="icon icon-sm" />
      </span>
      <div className="timeline-body">
        <div className="timeline-sentence">{describeEvent(item, names)}</div>
        {detail && <p className="timeline-detail">{detail}</p>}
        <div className="cell-muted">
          {item.actor?.label ?? 'System'} ·{' '}
          <time dateTime={item.at} title={formatDateTime(item.at)}>
            {formatRelative(item.at)}
          </time>
        </div>
      </div>
    </li>
  );
}
