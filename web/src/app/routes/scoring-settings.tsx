import { useCallback, useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/page-states';
import { useToast } from '../../components/toast';
import { useCurrentMembership } from '../../lib/current-membership';
import { useScoringModels, type ModelView } from '../../features/scoring/api';
import { CalibrationChart, ModelComparison } from '../../features/scoring/components/calibration-chart';
import { ModelRegistry, defaultModel, useTrainingWait } from '../../features/scoring/components/model-registry';
import { WeightsForm } from '../../features/scoring/components/weights-form';
import { roleAtLeast } from '../../lib/roles';

/** Admins: the motivation models learnt from outcomes, how well each ranks owners, and the stack score's weights. */
export function ScoringSettingsRoute() {
  const membership = useCurrentMembership();
  const canEdit = !!membership && roleAtLeast(membership.role, 'admin');
  const toast = useToast();
  const [chosenId, setChosenId] = useState<string>();
  const [polling, setPolling] = useState(false);
  const models = useScoringModels({ refetchInterval: polling ? 2000 : false });
  const onTrained = useCallback(
    (model: ModelView) => {
      setChosenId(model.id);
      toast.show('success', `Model v${model.version} trained: a candidate until you activate it`);
    },
    [toast],
  );
  const training = useTrainingWait(models.data?.items, onTrained);
  if (training.waiting !== polling) setPolling(training.waiting);

  const items = models.data?.items ?? [];
  const selected = items.find((model) => model.id === chosenId) ?? defaultModel(items);

  return (
    <div className="page">
      <PageHeader
        title="Scoring"
        description="The motivation score adds weighted distress signals (the stack score) and, once a model is active, what the model learnt from your outcomes."
      />
      <section className="card" aria-labelledby="models-title">
        <div className="card-header">
          <h2 id="models-title">Models</h2>
          <p>Each version is measured on labelled parcels it never saw while learning. Select a version to see its calibration.</p>
        </div>
        {models.isPending ? (
          <LoadingState label="Loading models…" />
        ) : models.isError ? (
          <ErrorState error={models.error} onRetry={() => models.refetch()} />
        ) : (
          <ModelRegistry models={items} selectedId={selected?.id} onSelect={setChosenId} canEdit={canEdit} training={training} />
        )}
      </section>
      {selected && (
        <section className="card" aria-labelledby="calibration-title">
          <div className="card-header">
            <h2 id="calibration-title">Model v{selected.version}: calibration and metrics</h2>
            <p>When the dots sit on the diagonal, a predicted 30 % means about 30 % of such owners reached an appointment or better.</p>
          </div>
          <div className="model-detail">
            <CalibrationChart model={selected} />
            <ModelComparison model={selected} />
          </div>
        </section>
      )}
      <section className="card" aria-labelledby="weights-title">
        <div className="card-header">
          <h2 id="weights-title">Stack score weights</h2>
          <p>Points each signal adds to the stack score, with the default beside each. The score is clamped to 0–100.</p>
        </div>
        <WeightsForm canEdit={canEdit} />
      </section>
    </div>
  );
}
