import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useDecideLookAlike, useImportsById, usePendingLookAlikes, type ImportView, type LookAlike, type LookAlikeSide } from '../api';

const addressOf = (side: LookAlikeSide) => side.address ?? 'Address unknown';

/** The address with the words that differ from the other side marked, so the difference shows at a glance. */
function MarkedAddress({ side, other }: { side: LookAlikeSide; other: LookAlikeSide }) {
  const words = addressOf(side).split(' ');
  const otherWords = new Set((other.address ?? '').split(' '));
  const parts: ReactNode[] = words.map((word, index) => (
    <span key={index}>
      {index > 0 && ' '}
      {otherWords.has(word) ? word : <mark>{word}</mark>}
    </span>
  ));
  return <>{parts}</>;
}

function Side({ label, side, other, note }: { label: string; side: LookAlikeSide; other: LookAlikeSide; note: ReactNode }) {
  const place = [side.city, side.zip].filter(Boolean).join(' · ');
  return (
    <div className="look-alike-side">
      <span className="look-alike-label">{label}</span>
      <Link to={`/properties/${side.propertyId}`} className="look-alike-address" title="Open the property">
        <MarkedAddress side={side} other={other} />
      </Link>
      <span className="cell-muted">{place || 'No city or ZIP'}</span>
      <span className="look-alike-note">{note}</span>
    </div>
  );
}

function PairCard({
  pair,
  source,
  canDecide,
  busy,
  onMerge,
  onKeepApart,
}: {
  pair: LookAlike;
  source: ImportView | undefined;
  canDecide: boolean;
  busy: boolean;
  onMerge: () => void;
  onKeepApart: () => void;
}) {
  const percent = Math.round(pair.similarity * 100);
  const from = pair.importId ? (
    <>
      From{' '}
      <Link to={`/imports/${pair.importId}`} title={source ? `Imported from ${source.fileName}` : undefined}>
        {source ? `“${source.listName}”` : 'an import'}
      </Link>
    </>
  ) : (
    'Added by a lead'
  );

  return (
    <article className="card look-alike" aria-label={`${addressOf(pair.incoming)} looks like ${addressOf(pair.existing)}`}>
      <div className="look-alike-sides">
        <Side label="Already in your workspace" side={pair.existing} other={pair.incoming} note="Kept if you merge" />
        <div className="look-alike-match" title="How alike the two street addresses are">
          <span className="look-alike-percent">{percent}%</span>
          <span className="cell-muted">similar</span>
        </div>
        <Side label="New" side={pair.incoming} other={pair.existing} note={from} />
      </div>
      <footer className="look-alike-footer">
        <span className="cell-muted" title={formatDateTime(pair.createdAt)}>
          Found {formatRelative(pair.createdAt)}
        </span>
        {canDecide ? (
          <div className="look-alike-actions">
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={onKeepApart}>
              <Icon name="split" />
              Keep apart
            </button>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={onMerge}>
              <Icon name="merge" />
              Merge into existing
            </button>
          </div>
        ) : (
          <span className="cell-muted">Members and admins decide look-alikes.</span>
        )}
      </footer>
    </article>
  );
}

/** The queue of look-alike pairs, each merged or kept apart by a person. */
export function LookAlikeReview({ canDecide }: { canDecide: boolean }) {
  const pairs = usePendingLookAlikes();
  const decide = useDecideLookAlike();
  const toast = useToast();
  const [merging, setMerging] = useState<LookAlike | null>(null);
  const importIds = [...new Set((pairs.data?.items ?? []).flatMap((pair) => (pair.importId ? [pair.importId] : [])))].sort();
  const imports = useImportsById(importIds);

  if (pairs.isPending) return <LoadingState label="Loading look-alikes…" />;
  if (pairs.isError) return <ErrorState error={pairs.error} onRetry={() => pairs.refetch()} />;
  if (pairs.data.items.length === 0) {
    return (
      <section className="card">
        <EmptyState
          title="Nothing to review"
          action={
            <Link to="/imports" className="btn btn-secondary btn-sm">
              Back to imports
            </Link>
          }
        >
          When an import or a lead brings an address that looks like one you already have, the pair waits here for your decision.
        </EmptyState>
      </section>
    );
  }

  const pendingId = decide.isPending ? decide.variables.id : null;
  const keepApart = (pair: LookAlike) =>
    decide.mutate(
      { id: pair.id, decision: 'keep_apart' },
      { onSuccess: () => toast.show('success', `Kept apart: ${addressOf(pair.incoming)} stays a property of its own`) },
    );
  const merge = (pair: LookAlike) =>
    decide.mutate(
      { id: pair.id, decision: 'merge' },
      {
        onSuccess: () => toast.show('success', `Merged into ${addressOf(pair.existing)}`),
        onSettled: () => setMerging(null),
      },
    );

  return (
    <>
      <p className="look-alike-count" aria-live="polite">
        <strong>{pairs.data.items.length}</strong> {pairs.data.items.length === 1 ? 'pair' : 'pairs'} to review, most alike first
      </p>
      <div className="stack" aria-label="Look-alike pairs" role="list">
        {pairs.data.items.map((pair) => (
          <div role="listitem" key={pair.id}>
            <PairCard
              pair={pair}
              source={pair.importId ? imports.get(pair.importId) : undefined}
              canDecide={canDecide}
              busy={pendingId === pair.id}
              onMerge={() => setMerging(pair)}
              onKeepApart={() => keepApart(pair)}
            />
          </div>
        ))}
      </div>
      {merging && (
        <ConfirmDialog
          title="Merge these properties?"
          message={`${addressOf(merging.incoming)} becomes part of ${addressOf(merging.existing)}: its lists, owners, leads and values move over (filling only empty fields), and the new property is deleted. This cannot be undone.`}
          confirmLabel="Merge"
          pending={decide.isPending}
          onConfirm={() => merge(merging)}
          onCancel={() => setMerging(null)}
        />
      )}
    </>
  );
}
