import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../components/page-header';
import { ImportSteps } from '../../features/imports/components/import-steps';
import { UploadForm } from '../../features/imports/components/upload-form';
import { useLists } from '../../features/properties/api';

export function NewImportRoute() {
  const navigate = useNavigate();
  const lists = useLists();

  return (
    <div className="page page-narrow">
      <PageHeader title="Import a list" description="Upload a list, check how its columns map, and watch it merge into your properties." />
      <ImportSteps current={0} />
      <section className="card card-padded">
        <UploadForm
          existingLists={lists.data?.items ?? []}
          onUploaded={(created) => navigate(`/imports/${created.id}`)}
          onCancel={() => navigate('/imports')}
        />
      </section>
    </div>
  );
}
