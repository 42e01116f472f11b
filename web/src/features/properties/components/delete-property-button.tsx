import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Icon } from '../../../components/icons';
import { useToast } from '../../../components/toast';
import { useDeleteProperty, useRestoreProperty } from '../api';

/**
 * Deletes the property after a confirmation, then goes back to the list with a notice
 * that can undo it. A property with deals is refused; the dialog then says why.
 */
export function DeletePropertyButton({ propertyId, title }: { propertyId: string; title: string }) {
  const [confirming, setConfirming] = useState(false);
  const deleteProperty = useDeleteProperty();
  const restoreProperty = useRestoreProperty();
  const toast = useToast();
  const navigate = useNavigate();

  const close = () => {
    setConfirming(false);
    deleteProperty.reset();
  };

  return (
    <>
      <button type="button" className="btn btn-ghost-danger" onClick={() => setConfirming(true)}>
        <Icon name="trash" />
        Delete property
      </button>
      {confirming && (
        <ConfirmDialog
          title="Delete this property?"
          message={
            deleteProperty.error?.message ??
            `${title} and its owners' links, lists, scores, notes, tasks and files go to Deleted properties. You can restore it there for 30 days; after that it is removed for good.`
          }
          confirmLabel="Delete property"
          pending={deleteProperty.isPending}
          onCancel={close}
          onConfirm={() =>
            deleteProperty.mutate(propertyId, {
              onSuccess: () => {
                setConfirming(false);
                void navigate('/properties');
                toast.show('success', `${title} was moved to Deleted properties`, {
                  label: 'Undo',
                  // This page is gone by then: the promise, not a mutate callback, reports back. A failure shows its own notice.
                  onClick: () =>
                    void restoreProperty.mutateAsync(propertyId).then(
                      () => toast.show('success', `${title} is back`),
                      () => {},
                    ),
                });
              },
            })
          }
        />
      )}
    </>
  );
}
