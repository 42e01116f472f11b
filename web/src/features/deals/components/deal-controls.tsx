import { useState } from 'react';
import type { Member } from '../../../../../src/modules/users/schema';
import { useToast } from '../../../components/toast';
import { useUpdateDeal, type DealChanges, type DealDetail, type Pipeline, type Stage } from '../api';
import { DEAL_TYPE_LABELS, DEAL_TYPES, isTemperature, TEMPERATURE_LABELS, TEMPERATURES } from '../deal-labels';
import { LostReasonDialog } from './lost-reason-dialog';

interface DealControlsProps {
  deal: DealDetail;
  pipelines: Pipeline[];
  members: Member[];
  canEdit: boolean;
}

/** Stage, assignee, temperature and type: each change is saved as soon as it is picked. */
export function DealControls({ deal, pipelines, members, canEdit }: DealControlsProps) {
  const update = useUpdateDeal(deal.id);
  const toast = useToast();
  const [lostStage, setLostStage] = useState<Stage | null>(null);
  const stages = pipelines.flatMap((pipeline) => pipeline.stages);
  const save = (changes: DealChanges, message: string) => update.mutate(changes, { onSuccess: () => toast.show('success', message) });

  const moveTo = (stageId: string) => {
    const stage = stages.find((candidate) => candidate.id === stageId);
    if (!stage) return;
    if (stage.kind === 'lost') setLostStage(stage);
    else save({ stageId }, `Moved to ${stage.name}`);
  };
  // Someone who left the team may still be the assignee; they stay listed until the deal is reassigned.
  const assigneeListed = deal.assigneeId === null || members.some((member) => member.id === deal.assigneeId);

  return (
    <section className="card deal-controls" aria-label="Stage and ownership">
      <div className="field">
        <label htmlFor="deal-stage">Stage</label>
        <select
          id="deal-stage"
          value={deal.stageId}
          disabled={!canEdit || update.isPending}
          onChange={(event) => moveTo(event.target.value)}
        >
          {pipelines.map((pipeline) => (
            <optgroup key={pipeline.id} label={pipeline.name}>
              {pipeline.stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="deal-assignee-select">Assignee</label>
        <select
          id="deal-assignee-select"
          value={deal.assigneeId ?? ''}
          disabled={!canEdit || update.isPending}
          onChange={(event) => {
            const member = members.find((candidate) => candidate.id === event.target.value);
            save({ assigneeId: member?.id ?? null }, member ? `Assigned to ${member.name || member.email}` : 'Unassigned');
          }}
        >
          <option value="">Unassigned</option>
          {!assigneeListed && <option value={deal.assigneeId!}>A former member</option>}
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name || member.email}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="deal-temperature-select">Temperature</label>
        <select
          id="deal-temperature-select"
          value={deal.temperature ?? ''}
          disabled={!canEdit || update.isPending}
          onChange={(event) => {
            const temperature = isTemperature(event.target.value) ? event.target.value : null;
            save({ temperature }, temperature ? `Marked ${TEMPERATURE_LABELS[temperature].toLowerCase()}` : 'Temperature cleared');
          }}
        >
          <option value="">Not set</option>
          {TEMPERATURES.map((temperature) => (
            <option key={temperature} value={temperature}>
              {TEMPERATURE_LABELS[temperature]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="deal-type-select">Deal type</label>
        <select
          id="deal-type-select"
          value={deal.dealType}
          disabled={!canEdit || update.isPending}
          onChange={(event) => {
            const dealType = DEAL_TYPES.find((candidate) => candidate === event.target.value);
            if (dealType) save({ dealType }, `Deal type: ${DEAL_TYPE_LABELS[dealType]}`);
          }}
        >
          {DEAL_TYPES.map((dealType) => (
            <option key={dealType} value={dealType}>
              {DEAL_TYPE_LABELS[dealType]}
            </option>
          ))}
        </select>
      </div>
      {lostStage && (
        <LostReasonDialog
          dealName={deal.address ?? deal.title}
          stageName={lostStage.name}
          pending={update.isPending}
          onCancel={() => setLostStage(null)}
          onConfirm={(lostReason) =>
            update.mutate(
              { stageId: lostStage.id, lostReason },
              {
                onSuccess: () => toast.show('success', `Moved to ${lostStage.name}`),
                onSettled: () => setLostStage(null),
              },
            )
          }
        />
      )}
    </section>
  );
}
