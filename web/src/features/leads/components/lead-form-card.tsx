import { CopyBlock, CopyField } from '../../../components/copy-field';
import { Icon } from '../../../components/icons';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { useLeadForm } from '../api';

/** The hosted seller-lead form: its link, the snippet that embeds it elsewhere, and what it asks people to agree to. */
export function LeadFormCard() {
  const form = useLeadForm();

  return (
    <section className="card" aria-labelledby="lead-form-title">
      <header className="card-header">
        <h2 id="lead-form-title">Your lead form</h2>
        <p>A seller form hosted by this server. Share the link, or embed the form in your own website.</p>
      </header>
      {form.isPending ? (
        <LoadingState label="Loading the form link…" />
      ) : form.isError ? (
        <ErrorState error={form.error} onRetry={() => form.refetch()} />
      ) : (
        <div className="card-padded stack lead-form-body">
          <CopyField
            label="Form link"
            value={form.data.url}
            actions={
              <a
                className="btn btn-secondary"
                href={form.data.url}
                target="_blank"
                rel="noreferrer"
                aria-label="Open the form in a new tab"
              >
                <Icon name="external" />
                Open
              </a>
            }
          />
          <CopyBlock label="Embed on your website" value={form.data.snippet} />
          <div className="field">
            <span className="field-label">Consent wording on the form</span>
            <blockquote className="consent-text">{form.data.consentText}</blockquote>
            <span className="field-hint">
              When someone ticks the box, this exact text is stored with their lead, with the time, their IP address and the page they were
              on.
            </span>
          </div>
          <p className="lead-routing-note">
            <Icon name="layers" className="icon icon-sm" />
            <span>
              Form leads land on the list <strong>Website leads</strong>; webhook leads on <strong>Leads: &lt;source&gt;</strong>. Each lead
              is matched to the properties you have: a known address stacks on its property, a new one becomes a property.
            </span>
          </p>
        </div>
      )}
    </section>
  );
}
