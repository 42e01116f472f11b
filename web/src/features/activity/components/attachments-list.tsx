import { Icon } from '../../../components/icons';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { formatBytes, formatDateTime, formatRelative } from '../../../lib/format';
import { useAttachments, useDownloadAttachment, useRemoveAttachment, type ActivityRecord } from '../api';

export function AttachmentsList({ record, canEdit }: { record: ActivityRecord; canEdit: boolean }) {
  const attachments = useAttachments(record);
  const download = useDownloadAttachment();
  const remove = useRemoveAttachment(record);

  if (attachments.isPending) return <LoadingState label="Loading files…" />;
  if (attachments.isError) return <ErrorState error={attachments.error} onRetry={() => attachments.refetch()} />;
  if (attachments.data.items.length === 0) return null;

  return (
    <ul className="attachment-list" aria-label="Files">
      {attachments.data.items.map((attachment) => (
        <li key={attachment.id} className="attachment-row">
          <Icon name="file" className="icon icon-sm" />
          <div className="attachment-name">
            <span className="cell-primary cell-ellipsis" title={attachment.fileName}>
              {attachment.fileName}
            </span>
            <span className="cell-muted">
              {formatBytes(attachment.bytes)} ·{' '}
              <time dateTime={attachment.createdAt} title={formatDateTime(attachment.createdAt)}>
                {formatRelative(attachment.createdAt)}
              </time>
            </span>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={`Download ${attachment.fileName}`}
            title="Download"
            onClick={() => download.mutate(attachment)}
          >
            <Icon name="download" className="icon icon-sm" />
          </button>
          {canEdit && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${attachment.fileName}`}
              title="Remove"
              disabled={remove.isPending}
              onClick={() => remove.mutate(attachment.id)}
            >
              <Icon name="trash" className="icon icon-sm" />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
