import { Link } from 'react-router-dom';
import { CopyBlock } from '../../../components/copy-field';
import { Icon } from '../../../components/icons';

const EXAMPLE_LEAD = {
  source: 'my-ads',
  name: 'Maria Lopez',
  phone: '(213) 373-4253',
  email: 'maria@example.com',
  address: '1200 W 7th St',
  zip: '90017',
  message: 'Inherited the house, would like a quick sale',
  consent: {
    text: 'The consent wording the person agreed to',
    grantedAt: '2026-01-01T12:00:00Z',
    ip: '203.0.113.7',
    page: 'https://example.com/sell',
  },
};

function curlExample(origin: string): string {
  return [
    `curl -X POST ${origin}/api/v1/leads \\`,
    `  -H 'Authorization: Bearer <API key>' \\`,
    `  -H 'Idempotency-Key: <unique id>' \\`,
    `  -H 'content-type: application/json' \\`,
    // Indented under the command; the JSON spans lines inside the single quotes.
    `  -d '${JSON.stringify(EXAMPLE_LEAD, null, 2).replace(/\n/g, '\n  ')}'`,
  ].join('\n');
}

/** How another tool (an ad platform, a lead vendor, Zapier) sends leads in; folded away until asked for. */
export function WebhookHelp({ canManageKeys }: { canManageKeys: boolean }) {
  return (
    <details className="card help-box">
      <summary>
        <Icon name="code" />
        <span>
          <span className="help-box-title">Webhook: send leads from other tools</span>
          <span className="help-box-subtitle">Ad platforms, lead vendors and automation tools can post leads to this workspace.</span>
        </span>
        <Icon name="chevronDown" className="icon icon-sm help-box-chevron" />
      </summary>
      <div className="card-padded stack">
        <p>
          Post each lead as JSON to <code>/api/v1/leads</code> with an API key of role Member or higher.{' '}
          {canManageKeys ? <Link to="/api-keys">Create an API key</Link> : <span>An admin can create an API key for you.</span>}
        </p>
        <CopyBlock label="Example request" value={curlExample(window.location.origin)} />
        <ul className="help-list">
          <li>
            <code>source</code> names where the lead came from; its leads go on the list <strong>Leads: &lt;source&gt;</strong>.
          </li>
          <li>
            <code>address</code> is required, with a <code>phone</code> or an <code>email</code>; <code>city</code>, <code>state</code>,{' '}
            <code>zip</code> and <code>message</code> are optional.
          </li>
          <li>
            <code>consent</code> is the evidence that the person agreed to be contacted: the exact wording they saw, when, and from which IP
            address and page. Leave it out if there was no consent box.
          </li>
          <li>
            Send a fresh <code>Idempotency-Key</code> per lead: a retry with the same key is answered once and never records the lead twice.
          </li>
        </ul>
      </div>
    </details>
  );
}
