import { useEffect, useState } from 'react';
import { EmptyState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useActivateScoringModel, useRollbackScoringModel, useTrainScoringModel, type ModelView } from '../api';

/** How long the page waits for a queued training before it stops polling and says so. */
const TRAINING_PATIENCE_MS = 5 * 60_000;

const STATUS_BADGES: Record<ModelView['status'], { label: string; tone: string; title: string }> = {
  active: { label: 'Active', tone: 'badge-success', title: 'Scores every property together with the stack score' },
  candidate: { label: 'Candidate', tone: 'badge-info', title: 'Trained, not scoring anything until activated' },
  retired: { label: 'Retired', tone: 'badge-neutral', title: 'Was active before; can be activated again' },
};

/** The model the page shows by default: the active one, else the newest. */
export function defaultModel(models: ModelView[]): ModelView | undefined {
  return models.find((model) => model.status === 'active') ?? models[0];
}

/** True when a version before the active one was active once, so rolling back has somewhere to go. */
function canRollBack(models: ModelView[]): boolean {
  const active = models.find((model) => model.status === 'active');
  return !!active && models.some((model) => model.version < active.version && model.activatedAt !== null);
}

interface TrainingWait {
  /** The newest version when training was asked for; a higher one is the new model. */
  after: number;
  /** Set when TRAINING_PATIENCE_MS passed without a new version. */
  gaveUp: boolean;
}

/**
 * Hook for the registry's training state: remembers a queued training so the page
 * polls the list until a newer version arrives.
 */
export function useTrainingWait(models: ModelView[] | undefined, onTrained: (model: ModelView) => void) {
  const [wait, setWait] = useState<TrainingWait | null>(null);
  const newest = models?.[0];
  const arrived = wait && newest && newest.version > wait.after ? newest : null;
  const gaveUp = !!wait?.gaveUp && !arrived;

  useEffect(() => {
    if (!wait || wait.gaveUp) return;
    const timer = window.setTimeout(() => setWait((current) => current && { ...current, gaveUp: true }), TRAINING_PATIENCE_MS);
    return () => window.clearTimeout(timer);
  }, [wait]);

  useEffect(() => {
    if (arrived) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the new model comes with the polled list; ending the wait stops the polling
      setWait(null);
      onTrained(arrived);
    }
  }, [arrived, onTrained]);

  return {
    waiting: wait !== null && !gaveUp,
    gaveUp,
    start: () => setWait({ after: models?.[0]?.version ?? 0, gaveUp: false }),
    stop: () => setWait(null),
  };
}

interface ModelRegistryProps {
  models: ModelView[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  canEdit: boolean;
  training: ReturnType<typeof useTrainingWait>;
}

/** Every model version with its held-out metrics, and the buttons that train, activate and roll back. */
export function ModelRegistry({ models, selectedId, onSelect, canEdit, training }: ModelRegistryProps) {
  const train = useTrainScoringModel();
  const activate = useActivateScoringModel();
  const rollback = useRollbackScoringModel();
  const toast = useToast();
  const busy = activate.isPending || rollback.isPending;

  const startTraining = () =>
    train.mutate(undefined, {
      onSuccess: (queued) => {
        training.start();
        toast.show(
          'success',
          `Training queued on ${formatNumber(queued.labelled)} parcels with an outcome (${formatNumber(queued.positives)} positive)`,
        );
      },
    });

  return (
    <>
      <div className="registry-toolbar">
        <p className="cell-muted">
          A trained model is a candidate until you activate it; activating rescores every property in the background.
        </p>
        {canEdit && (
          <div className="registry-actions">
            {canRollBack(models) && (
              <button
                type="button"
                className="btn btn-secondary"
                disabled={busy}
                onClick={() =>
                  rollback.mutate(undefined, { onSuccess: (model) => toast.show('success', `Rolled back to model v${model.version}`) })
                }
              >
                {rollback.isPending ? 'Rolling back…' : 'Roll back'}
              </button>
            )}
            <button type="button" className="btn btn-primary" disabled={train.isPending || training.waiting} onClick={startTraining}>
              {training.waiting ? 'Training…' : train.isPending ? 'Queuing…' : 'Train new model'}
            </button>
          </div>
        )}
      </div>
      {train.isError && (
        <p className="alert alert-error registry-alert" role="alert" data-testid="train-refused">
          {train.error.message}
        </p>
      )}
      {training.waiting && (
        <p className="alert alert-info registry-alert" role="status">
          <span className="spinner spinner-inline" aria-hidden="true" /> Training on your outcomes; the new version appears here when it is
          ready.
        </p>
      )}
      {training.gaveUp && (
        <p className="alert alert-error registry-alert" role="alert">
          No new version after five minutes: training may have failed. The server log says why.
        </p>
      )}
      {models.length === 0 ? (
        <EmptyState title="No model trained yet">
          Scores come from the weighted signals alone. Set outcomes on properties you work; with enough of them a model can learn which
          owners sell.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Model versions">
            <thead>
              <tr>
                <th>Version</th>
                <th>Status</th>
                <th>Trained</th>
                <th className="cell-numeric">Training / test rows</th>
                <th className="cell-numeric" title="On held-out parcels">
                  ROC AUC
                </th>
                <th className="cell-numeric">Precision at top 5 %</th>
                <th className="cell-numeric" title="Lower is better">
                  Brier
                </th>
                {canEdit && <th className="cell-actions" aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {models.map((model) => {
                const badge = STATUS_BADGES[model.status];
                const selected = model.id === selectedId;
                return (
                  <tr
                    key={model.id}
                    className={`row-link${selected ? ' row-selected' : ''}`}
                    aria-selected={selected}
                    data-testid={`model-v${model.version}`}
                    onClick={() => onSelect(model.id)}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button cell-primary"
                        aria-pressed={selected}
                        title="Show its calibration and metrics"
                        onClick={(event) => {
                          event.stopPropagation();
                          onSelect(model.id);
                        }}
                      >
                        v{model.version}
                      </button>
                    </td>
                    <td>
                      <span className={`badge ${badge.tone}`} title={badge.title}>
                        {badge.label}
                      </span>
                    </td>
                    <td className="cell-nowrap">
                      {formatDateTime(model.trainedAt)}
                      {model.activatedAt && <div className="cell-muted">activated {formatDateTime(model.activatedAt)}</div>}
                    </td>
                    <td className="cell-numeric">
                      {formatNumber(model.metrics.trainRows)} / {formatNumber(model.metrics.testRows)}
                    </td>
                    <td className="cell-numeric">{model.metrics.rocAuc.toFixed(3)}</td>
                    <td className="cell-numeric">{(model.metrics.precisionAt5 * 100).toFixed(1)}%</td>
                    <td className="cell-numeric">{model.metrics.brier.toFixed(3)}</td>
                    {canEdit && (
                      <td className="cell-actions">
                        {model.status !== 'active' && (
                          <button
                            type="button"
                            className="btn btn-secondary btn-sm"
                            disabled={busy}
                            onClick={(event) => {
                              event.stopPropagation();
                              activate.mutate(model.id, {
                                onSuccess: (active) =>
                                  toast.show('success', `Model v${active.version} is active; properties are being rescored`),
                              });
                            }}
                          >
                            Activate
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
